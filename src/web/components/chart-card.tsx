import { Suspense, type ReactNode } from 'react';

/** A titled card for a lazily loaded chart: keeps its height while echarts arrives. */
export function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2 className="card__title">{title}</h2>
      <Suspense fallback={<div className="chart" />}>{children}</Suspense>
    </section>
  );
}
