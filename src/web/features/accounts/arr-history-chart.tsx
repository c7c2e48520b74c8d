import { useMemo } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { formatDate, formatMoney, todayIsoDate } from '../../lib/format.js';
import { useEchart } from '../../lib/use-echart.js';
import type { ArrMovement } from './accounts.types.js';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

const LINE_COLOR = '#5b5bd6';

/** ARR after each movement, drawn as steps: ARR holds its value until the next movement. */
export function ArrHistoryChart({ movements }: { movements: ArrMovement[] }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => formatMoney(Number(value)),
        axisPointer: { type: 'line' },
      },
      xAxis: {
        type: 'time',
        axisLine: { lineStyle: { color: '#d4d4d8' } },
        axisLabel: { color: '#71717a', hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: '#71717a', formatter: (value: number) => compactMoney(value) },
        splitLine: { lineStyle: { color: '#f0f0f3' } },
      },
      series: [
        {
          name: 'ARR',
          type: 'line',
          step: 'end',
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { width: 2, color: LINE_COLOR },
          itemStyle: { color: LINE_COLOR },
          areaStyle: { color: 'rgba(91, 91, 214, 0.08)' },
          data: chartPoints(movements),
        },
      ],
    }),
    [movements],
  );
  const containerRef = useEchart(option);

  const last = movements[movements.length - 1];
  const summary = last
    ? `ARR history: ${movements.length} movements, ${formatMoney(last.arrAfter)} after the latest on ${formatDate(last.occurredOn)}.`
    : 'No ARR history.';

  return <div ref={containerRef} className="chart" role="img" aria-label={summary} data-testid="arr-chart" />;
}

/** Carries the latest ARR on to today so the current level reads as a line, not a lone last point. */
function chartPoints(movements: ArrMovement[]) {
  const points: { value: [string, number]; symbol?: string }[] = movements.map((movement) => ({
    value: [movement.occurredOn, Number(movement.arrAfter)],
  }));
  const last = movements[movements.length - 1];
  const today = todayIsoDate();
  if (last && last.occurredOn < today) points.push({ value: [today, Number(last.arrAfter)], symbol: 'none' });
  return points;
}

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

function compactMoney(value: number): string {
  return `$${compactFormat.format(value)}`;
}
