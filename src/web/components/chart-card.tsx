import { Suspense, type ReactNode } from 'react';

/** A titled card for a lazily loaded chart: keeps its height while echarts arrives. `action`: e.g. an export button beside the title. */
export function ChartCard({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      {action ? (
        <div className="card__header">
          <h2 className="card__title">{title}</h2>
          {action}
        </div>
      ) : (
        <h2 className="card__title">{title}</h2>
      )}
      <Suspense fallback={<div className="chart" />}>{children}</Suspense>
    </section>
  );
}
