export function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M3.5 15.5C6 7 13.5 3.5 20.5 6c-5.2.4-9.3 4.3-10.3 10.8-1.9-1.7-4.2-2-6.7-1.3z" fill="currentColor" />
    </svg>
  );
}
