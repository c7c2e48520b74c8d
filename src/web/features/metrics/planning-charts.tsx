import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import { formatMoney } from '../../lib/format.js';
import type { CsCapacity, ForecastBacktest, RenewalForecast, TimeToValue } from './planning.api.js';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.EChartsCoreOption;

const compact = (value: number) => (Math.abs(value) >= 1e6 ? `$${(value / 1e6).toFixed(1)}M` : `$${Math.round(value / 1e3)}k`);

/**
 * Expected ARR from renewals by month, stacked: what is expected to be kept (ARR up for
 * renewal less expected churn and contraction) plus expected expansion; the ARR up for
 * renewal as a line above.
 */
export function ForecastChart({ data }: { data: RenewalForecast }) {
  const months = data.byMonth;
  const option: Option = {
    grid: { left: 64, right: 16, top: 36, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney(v) },
    xAxis: { type: 'category', data: months.map((m) => m.key) },
    yAxis: { type: 'value', axisLabel: { formatter: compact } },
    series: [
      { name: 'Expected kept', type: 'bar', stack: 'expected', itemStyle: { color: '#5b5bd6' }, data: months.map((m) => Math.round(m.arr + m.expectedChurn + m.expectedContraction)) },
      { name: 'Expected expansion', type: 'bar', stack: 'expected', itemStyle: { color: '#6aa84f' }, data: months.map((m) => Math.round(m.expectedExpansion)) },
      { name: 'Up for renewal', type: 'line', symbolSize: 5, itemStyle: { color: '#e0913a' }, lineStyle: { color: '#e0913a', type: 'dashed' }, data: months.map((m) => m.arr) },
    ],
  };
  return <EChart option={option} testId="metrics-forecast-chart" label={`Renewal forecast: ${formatMoney(data.total.arr)} up for renewal, ${formatMoney(data.total.expectedArr)} expected.`} />;
}

/** Reliability diagram: the backtest's predicted P(renew) per bin against the share that renewed, with the diagonal. */
export function CalibrationChart({ data }: { data: ForecastBacktest }) {
  const option: Option = {
    grid: { left: 56, right: 16, top: 36, bottom: 40 },
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'item', formatter: ({ value }: { value: [number, number, number] }) => `predicted ${(value[0] * 100).toFixed(1)}%, renewed ${(value[1] * 100).toFixed(1)}% (${value[2]} renewals)` },
    xAxis: { type: 'value', name: 'Predicted P(renew)', nameLocation: 'middle', nameGap: 24, min: 0, max: 1 },
    yAxis: { type: 'value', name: 'Share renewed', nameLocation: 'middle', nameGap: 36, min: 0, max: 1 },
    series: [
      { name: 'Perfect calibration', type: 'line', symbol: 'none', silent: true, lineStyle: { color: '#a1a1aa', type: 'dashed' }, data: [[0, 0], [1, 1]], tooltip: { show: false } },
      {
        name: 'Backtest bins',
        type: 'scatter',
        itemStyle: { color: '#5b5bd6' },
        symbolSize: (value: [number, number, number]) => Math.min(28, 6 + Math.sqrt(value[2]) * 2),
        data: data.calibration.map((b) => [b.meanPredicted, b.actualRate, b.count]),
      },
    ],
  };
  return <EChart option={option} testId="metrics-calibration-chart" label={`Calibration of last year's forecast: Brier ${data.brier?.toFixed(3) ?? '—'}.`} />;
}

/** Each CSM's load (1 = a full book for their segments' engagement models). */
export function CapacityChart({ data }: { data: CsCapacity }) {
  const csms = [...data.csms].reverse();
  const option: Option = {
    grid: { left: 120, right: 24, top: 20, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}% of a full book` },
    xAxis: { type: 'value', max: ({ max }: { max: number }) => Math.max(110, Math.ceil(max / 10) * 10), axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: csms.map((c) => c.ownerName), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        data: csms.map((c) => ({ value: Math.round(c.load * 1000) / 10, itemStyle: { color: c.load > 1 ? '#d6487e' : '#2f9e8f' } })),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#71717a', type: 'dashed' }, data: [{ xAxis: 100 }], label: { formatter: 'full' } },
      },
    ],
  };
  return <EChart option={option} testId="metrics-capacity-chart" label={`Book load per CSM; ${data.csms.filter((c) => c.load > 1).length} over a full book.`} />;
}

const GROUP_COLORS = ['#5b5bd6', '#2f9e8f', '#e0913a', '#d6487e', '#6aa84f', '#8e6cc9', '#3a8fd6', '#a1a1aa'];

/**
 * The distribution of days to value among customers who reached it: one bar per 15-day bin,
 * stacked by group, so the bar's height is the whole filter and its parts the groups.
 */
export function TimeToValueHistogram({ data }: { data: TimeToValue }) {
  const all = data.groups[0];
  const groups = data.groups.slice(1);
  const bins = all?.histogram ?? [];
  const option: Option = {
    grid: { left: 48, right: 16, top: 36, bottom: 40 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', name: 'Days to value', nameLocation: 'middle', nameGap: 26, data: bins.map((b) => (b.toDay === null ? `${b.fromDay}+` : `${b.fromDay}–${b.toDay}`)) },
    yAxis: { type: 'value', name: 'Customers', minInterval: 1 },
    series: groups.map((g, i) => ({ name: g.group, type: 'bar', stack: 'customers', itemStyle: { color: GROUP_COLORS[i % GROUP_COLORS.length] }, data: g.histogram.map((b) => b.customers) })),
  };
  const median = all?.medianDays;
  return <EChart option={option} testId="metrics-ttv-chart" label={`Days to value: ${all?.reached ?? 0} of ${all?.customers ?? 0} customers reached it; median ${median ?? 'not reached'}.`} />;
}
