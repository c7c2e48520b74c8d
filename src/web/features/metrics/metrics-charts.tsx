import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import { formatMoney } from '../../lib/format.js';
import { BRIDGE_STEPS } from './metrics-csv.js';
import type { ArrBridge, Cohorts, RetentionTrend, Survival } from './metrics.types.js';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

type Option = echarts.EChartsCoreOption;

const PALETTE = ['#5b5bd6', '#2f9e8f', '#e0913a', '#d6487e', '#3b82c4', '#8a63d2', '#6aa84f', '#c2410c'];
const STEP_COLORS: Record<(typeof BRIDGE_STEPS)[number], string> = {
  start: '#5b5bd6',
  new: '#2f9e8f',
  expansion: '#6aa84f',
  contraction: '#e0913a',
  churn: '#d6487e',
  reactivation: '#3b82c4',
  end: '#5b5bd6',
};
const STEP_LABELS: Record<(typeof BRIDGE_STEPS)[number], string> = {
  start: 'Start',
  new: 'New',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  reactivation: 'Reactivation',
  end: 'End',
};
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
function compactMoney(value: number): string {
  const size = Math.abs(value);
  const text = size >= 1e6 ? `$${(size / 1e6).toFixed(1)}M` : size >= 1e3 ? `$${Math.round(size / 1e3)}k` : `$${size}`;
  return value < 0 ? `−${text}` : text;
}

/**
 * Where the waterfall's value axis starts: movements are a few percent of ARR, so an axis
 * from zero flattens them into slivers. It starts below the lowest running total by as much
 * again as the spread of the totals (never below zero), and says so by not starting at 0.
 */
function waterfallAxisMin(levels: number[]): number {
  const lowest = Math.min(...levels);
  const spread = Math.max(...levels) - lowest;
  const floor = Math.max(0, lowest - Math.max(spread, lowest * 0.02));
  const step = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(floor, 1))) - 1);
  return Math.floor(floor / step) * step;
}

/**
 * The bridge as a waterfall: start and end from zero, each movement floating from the
 * running total (an invisible base bar under it), so the bars visibly add up.
 */
export function BridgeWaterfall({ data }: { data: ArrBridge }) {
  const b = data.total.bridge;
  let running = 0;
  const base: number[] = [];
  const size: number[] = [];
  for (const step of BRIDGE_STEPS) {
    const value = b[step];
    if (step === 'start' || step === 'end') {
      base.push(0);
      size.push(value);
      running = value;
    } else {
      base.push(value >= 0 ? running : running + value);
      size.push(Math.abs(value));
      running += value;
    }
  }
  const levels = base.map((b, i) => b + size[i]!).concat(base.filter((_, i) => i > 0 && i < BRIDGE_STEPS.length - 1));
  const option: Option = {
    grid: { left: 64, right: 16, top: 16, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const step = BRIDGE_STEPS[params[0]!.dataIndex]!;
        return `${STEP_LABELS[step]}: ${formatMoney(b[step])}`;
      },
    },
    // Every step named: echarts would otherwise skip labels that might touch.
    xAxis: { type: 'category', data: BRIDGE_STEPS.map((s) => STEP_LABELS[s]), axisLabel: { interval: 0, fontSize: 10 } },
    yAxis: { type: 'value', min: waterfallAxisMin(levels), axisLabel: { formatter: compactMoney } },
    series: [
      { type: 'bar', stack: 'bridge', silent: true, itemStyle: { color: 'transparent' }, data: base },
      {
        type: 'bar',
        stack: 'bridge',
        barMaxWidth: 48,
        data: size.map((value, index) => ({ value, itemStyle: { color: STEP_COLORS[BRIDGE_STEPS[index]!] } })),
        label: { show: true, position: 'top', formatter: ({ dataIndex }: { dataIndex: number }) => compactMoney(b[BRIDGE_STEPS[dataIndex]!]) },
      },
    ],
  };
  return <EChart option={option} testId="metrics-bridge-chart" label={`${data.unit.toUpperCase()} bridge: start ${formatMoney(b.start)}, end ${formatMoney(b.end)}.`} />;
}

/** Trailing-twelve-month NRR, GRR and logo retention, month by month. */
export function RetentionTrendChart({ data }: { data: RetentionTrend }) {
  const line = (name: string, values: (number | null)[], color: string) => ({
    name,
    type: 'line',
    symbolSize: 5,
    itemStyle: { color },
    lineStyle: { color, width: 2 },
    data: values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
  });
  const option: Option = {
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    xAxis: { type: 'category', data: data.points.map((p) => p.month) },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: '{value}%' } },
    series: [
      line('NRR', data.points.map((p) => p.nrr), PALETTE[0]!),
      line('GRR', data.points.map((p) => p.grr), PALETTE[1]!),
      line('Logo retention', data.points.map((p) => p.logoRetention), PALETTE[2]!),
    ],
  };
  const last = data.points.at(-1);
  return <EChart option={option} testId="metrics-retention-chart" label={`Trailing twelve-month NRR ${percent(last?.nrr ?? null)}, GRR ${percent(last?.grr ?? null)}.`} />;
}

/** Revenue retention by start month (rows) and months since start (columns), as a heat map. */
export function CohortHeatmap({ data }: { data: Cohorts }) {
  const rows = data.rows;
  const width = Math.max(1, ...rows.map((r) => r.cells.length));
  const cells = rows.flatMap((row, y) => row.cells.map((c) => [c.offset, y, c.revenueRetention === null ? null : Math.round(c.revenueRetention * 1000) / 10]));
  const option: Option = {
    grid: { left: 72, right: 16, top: 8, bottom: 84 },
    tooltip: {
      formatter: ({ value }: { value: [number, number, number | null] }) => `${rows[value[1]]!.key}, month ${value[0]}: ${value[2] ?? '—'}% of starting ARR`,
    },
    xAxis: { type: 'category', name: 'Months since start', nameLocation: 'middle', nameGap: 22, data: Array.from({ length: width }, (_, i) => String(i)), splitArea: { show: true } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.key} (${r.accounts})`), inverse: true },
    visualMap: { min: 50, max: 120, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 160, itemWidth: 10, inRange: { color: ['#d6487e', '#f4f4f5', '#2f9e8f'] }, formatter: '{value}%' },
    series: [{ type: 'heatmap', data: cells, label: { show: width <= 13, fontSize: 9, formatter: ({ value }: { value: [number, number, number | null] }) => (value[2] === null ? '' : `${Math.round(value[2])}`) } }],
  };
  return <EChart option={option} testId="metrics-cohort-chart" label={`Revenue retention of ${rows.length} monthly cohorts.`} />;
}

const DAYS_PER_MONTH = 30.4375;

/** Kaplan–Meier step curves per segment with their 95 % bands (shaded between lower and upper). */
export function SurvivalChart({ data }: { data: Survival }) {
  const series = data.curves.flatMap((curve, index) => {
    const color = PALETTE[index % PALETTE.length]!;
    const points = [{ time: 0, survival: 1, lower: 1, upper: 1 }, ...curve.steps];
    const x = (t: number) => Math.round((t / DAYS_PER_MONTH) * 10) / 10;
    return [
      { name: curve.group, type: 'line', step: 'end', symbol: 'none', itemStyle: { color }, lineStyle: { color, width: 2 }, data: points.map((p) => [x(p.time), p.survival]) },
      // The band: a transparent line at the lower bound with the gap to the upper bound stacked on it.
      { name: curve.group, type: 'line', step: 'end', symbol: 'none', stack: `band-${index}`, silent: true, lineStyle: { opacity: 0 }, data: points.map((p) => [x(p.time), p.lower]), tooltip: { show: false } },
      {
        name: curve.group,
        type: 'line',
        step: 'end',
        symbol: 'none',
        stack: `band-${index}`,
        silent: true,
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.12 },
        data: points.map((p) => [x(p.time), p.upper - p.lower]),
        tooltip: { show: false },
      },
    ];
  });
  const option: Option = {
    grid: { left: 48, right: 16, top: 36, bottom: 40 },
    legend: { top: 0, type: 'scroll', data: data.curves.map((c) => c.group) },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? v.toFixed(3) : String(v)) },
    xAxis: { type: 'value', name: 'Months since first ARR', nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: { type: 'value', min: 0, max: 1 },
    series,
  };
  return <EChart option={option} testId="metrics-survival-chart" label={`Share of customers not yet churned, by segment: ${data.curves.map((c) => c.group).join(', ')}.`} />;
}
