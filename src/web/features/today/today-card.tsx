import type { ReactNode } from 'react';
import { Badge } from '../../components/badge.js';
import { ErrorMessage } from '../../components/error-message.js';
import { LoadingBlock } from '../../components/spinner.js';

export type CardTone = 'red' | 'amber' | 'blue' | 'green' | 'purple';

/** One section of the Today page: a titled card (a named region for screen readers and tests) with a count. */
export function TodayCard({
  title,
  count,
  tone,
  state,
  wide = false,
  children,
}: {
  title: string;
  count: number | undefined;
  tone: CardTone;
  state: { loading: boolean; error: unknown; reload(): void; data: unknown };
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <section className={`card today-card${wide ? ' today-card--wide' : ''}`} aria-label={title}>
      <header className="card__header">
        <h2 className="card__title">{title}</h2>
        {count !== undefined ? <Badge tone={count ? tone : 'neutral'}>{count}</Badge> : null}
      </header>
      {state.loading && !state.data ? <LoadingBlock /> : state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : children}
    </section>
  );
}
