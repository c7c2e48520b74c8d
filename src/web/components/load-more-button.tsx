type LoadMoreButtonProps = { hasMore: boolean; loading: boolean; onLoadMore(): void; label?: string };

export function LoadMoreButton({ hasMore, loading, onLoadMore, label = 'Load more' }: LoadMoreButtonProps) {
  if (!hasMore) return null;
  return (
    <button type="button" className="button" onClick={onLoadMore} disabled={loading}>
      {loading ? 'Loading…' : label}
    </button>
  );
}
