import { useMemo } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { formatNumber } from '../../lib/format.js';
import { countChartOption } from '../../components/count-chart-option.js';
import { EChart } from '../../components/echart.js';
import type { DailyCounts } from './data.types.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const DAYS = 30;
const SERIES = [
  { key: 'accepted', name: 'Accepted', color: '#5b5bd6' },
  { key: 'duplicates', name: 'Duplicates', color: '#d4a72c' },
  { key: 'rejected', name: 'Rejected', color: '#d64545' },
] as const;

/** Stacked daily bars (accepted + duplicates + rejected = received) with received as a line; days without traffic show as 0. */
export function SourceVolumeChart({ daily }: { daily: DailyCounts[] }) {
  const days = useMemo(() => lastDays(daily), [daily]);
  const option = useMemo(
    () => ({
      ...countChartOption(days.map((day) => day.day.slice(5))),
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => formatNumber(Number(value)) },
      series: [
        ...SERIES.map((series) => ({
          name: series.name,
          type: 'bar',
          stack: 'received',
          itemStyle: { color: series.color },
          data: days.map((day) => day[series.key]),
        })),
        {
          name: 'Received',
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 1.5, color: '#27272a' },
          itemStyle: { color: '#27272a' },
          data: days.map((day) => day.received),
        },
      ],
    }),
    [days],
  );
  const total = days.reduce((sum, day) => sum + day.received, 0);
  return (
    <EChart option={option} label={`Events received per day over the last ${DAYS} days: ${formatNumber(total)} in all.`} testId="volume-chart" />
  );
}

/** The last DAYS UTC days ending today, zero-filled. */
function lastDays(daily: DailyCounts[]): DailyCounts[] {
  const byDay = new Map(daily.map((day) => [day.day, day]));
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  return Array.from({ length: DAYS }, (_, index) => {
    const day = new Date(today - (DAYS - 1 - index) * 86_400_000).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, received: 0, accepted: 0, duplicates: 0, rejected: 0 };
  });
}
