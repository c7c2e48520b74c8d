import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { countChartOption } from '../../components/count-chart-option.js';
import { EChart } from '../../components/echart.js';
import type { AccountUsage } from './usage.types.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const PRIMARY = '#5b5bd6';
const MUTED = '#a1a1aa';
// Distinguishable in a stack, and the last one greys out the long tail.
const PALETTE = ['#5b5bd6', '#2f9e8f', '#e0913a', '#d6487e', '#3b82c4', '#8a63d2', '#6aa84f', '#c2410c'];

type Option = echarts.EChartsCoreOption;

const baseOption = (days: string[]): Option => countChartOption(days, { formatCategory: (day) => day.slice(5) });

// Seats this many times above the busiest day would flatten the bars into the axis.
const SEATS_OFF_SCALE_FACTOR = 5;

/**
 * Daily active users as bars against the seats bought (a step line from the contracts).
 * When the seats dwarf usage, the axis follows usage and the legend names the seat count.
 */
export function ActiveUsersChart({ usage }: { usage: AccountUsage }) {
  const days = usage.daily.map((d) => d.day);
  const busiest = Math.max(1, ...usage.daily.map((d) => d.activeUsers));
  const seatsMax = Math.max(0, ...usage.daily.map((d) => d.seatsPurchased));
  const isOffScale = seatsMax > SEATS_OFF_SCALE_FACTOR * busiest;
  const base = baseOption(days);
  const option: Option = {
    ...base,
    yAxis: { ...(base.yAxis as object), max: isOffScale ? Math.ceil(busiest * 1.25) : undefined },
    series: [
      { name: 'Active users', type: 'bar', barMaxWidth: 14, itemStyle: { color: PRIMARY }, data: usage.daily.map((d) => d.activeUsers) },
      {
        name: isOffScale ? `Seats purchased (${seatsMax.toLocaleString('en-US')}, above the scale)` : 'Seats purchased',
        type: 'line',
        step: 'end',
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed', color: MUTED },
        itemStyle: { color: MUTED },
        data: usage.daily.map((d) => d.seatsPurchased),
      },
    ],
  };
  const { activeUsers30d, seatsPurchased } = usage.summary;
  return <EChart option={option} testId="usage-active-users-chart" label={`Daily active users; ${activeUsers30d} users in the last 30 days against ${seatsPurchased} seats purchased.`} />;
}

/** The window's top events, stacked per day. */
export function EventsByNameChart({ usage }: { usage: AccountUsage }) {
  const days = usage.daily.map((d) => d.day);
  const option: Option = {
    ...baseOption(days),
    series: usage.topEvents.map((event, index) => ({
      name: event.name,
      type: 'bar',
      stack: 'events',
      barMaxWidth: 14,
      itemStyle: { color: PALETTE[index % PALETTE.length] },
      data: usage.daily.map((d) => d.topEventCounts[index] ?? 0),
    })),
  };
  const names = usage.topEvents.map((event) => `${event.name} (${event.count})`).join(', ');
  return <EChart option={option} testId="usage-events-chart" label={`Top events by day: ${names || 'none'}.`} />;
}

/** Features used each day, and distinct features over the trailing 30 days against all the product's features. */
export function BreadthChart({ usage }: { usage: AccountUsage }) {
  const days = usage.daily.map((d) => d.day);
  const option: Option = {
    ...baseOption(days),
    series: [
      { name: 'Features used that day', type: 'bar', barMaxWidth: 14, itemStyle: { color: '#c7c7f1' }, data: usage.daily.map((d) => d.features) },
      { name: 'Features used in 30 days', type: 'line', symbol: 'none', lineStyle: { width: 2, color: PRIMARY }, itemStyle: { color: PRIMARY }, data: usage.daily.map((d) => d.features30d) },
      {
        name: 'Features in the product',
        type: 'line',
        symbol: 'none',
        lineStyle: { width: 1, type: 'dashed', color: MUTED },
        itemStyle: { color: MUTED },
        data: usage.daily.map(() => usage.summary.featuresAvailable),
      },
    ],
  };
  const { featuresUsed30d, featuresAvailable } = usage.summary;
  return <EChart option={option} testId="usage-breadth-chart" label={`Adoption breadth: ${featuresUsed30d} of ${featuresAvailable} features used in the last 30 days.`} />;
}
