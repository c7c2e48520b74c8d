import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import { PRIORITY_ORDER, type SupportSummary } from './summarize-support.js';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Severity reads from red (urgent) to grey (no priority), so a burst of bad tickets stands out.
const PRIORITY_COLORS = {
  urgent: '#dc2626',
  high: '#f59e0b',
  normal: '#5b5bd6',
  low: '#93c5fd',
  none: '#d4d4d8',
} as const;
const LABELS = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low', none: 'No priority' } as const;

/** Tickets opened per month for the last 12 months, stacked by priority. */
export function TicketsByMonthChart({ monthly }: { monthly: SupportSummary['monthly'] }) {
  const option: echarts.EChartsCoreOption = {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: '#52525b', fontSize: 12 } },
    xAxis: {
      type: 'category',
      data: monthly.map((m) => m.month),
      axisLine: { lineStyle: { color: '#d4d4d8' } },
      axisLabel: { color: '#71717a', hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: '#71717a' },
      splitLine: { lineStyle: { color: '#f0f0f3' } },
    },
    series: [...PRIORITY_ORDER, 'none' as const].map((priority) => ({
      name: LABELS[priority],
      type: 'bar',
      stack: 'tickets',
      barMaxWidth: 28,
      itemStyle: { color: PRIORITY_COLORS[priority] },
      data: monthly.map((m) => m.byPriority[priority]),
    })),
  };
  return <EChart option={option} label="Tickets opened per month by priority" testId="tickets-chart" />;
}
