import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { countChartOption } from '../../components/count-chart-option.js';
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
    ...countChartOption(monthly.map((m) => m.month)),
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
