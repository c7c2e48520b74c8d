import { useMemo } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import type { RootCauses } from './experience.api.js';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

type Row = RootCauses['dimensions']['stage'][number];

/** Churn lift and stall lift per value (two bars each), with the accounts behind each figure in the label and tooltip. */
export function RootCausesChart({ rows, dimension }: { rows: Row[]; dimension: string }) {
  const option = useMemo(() => {
    const shown = [...rows].reverse();
    return {
      animation: false,
      grid: { left: 8, right: 72, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: ['Churn lift', 'Stall lift'] },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number; seriesIndex: number }) => {
          const row = shown[p.dataIndex]!;
          return p.seriesIndex === 0
            ? `${row.value}<br/>churned ${row.churned} of ${row.accounts} (${Math.round(row.churnRate * 100)}%) with a negative moment here<br/>vs ${row.churnedWithout} of ${row.accountsWithout} (${Math.round(row.churnRateWithout * 100)}%) without<br/>first negative moment of ${row.firstNegative} churned accounts`
            : `${row.value}<br/>stalled ${row.stalled} of ${row.accounts} (${Math.round(row.stalledRate * 100)}%) with a negative moment here<br/>vs ${row.stalledWithout} of ${row.accountsWithout} (${Math.round(row.stalledRateWithout * 100)}%) without<br/>first negative moment of ${row.firstNegativeStalled} stalled accounts`;
        },
      },
      xAxis: { type: 'value', name: 'lift', axisLabel: { color: '#71717a' }, splitLine: { lineStyle: { color: '#f0f0f3' } } },
      yAxis: { type: 'category', data: shown.map((row) => row.value), axisLabel: { color: '#3f3f46' } },
      series: [
        {
          name: 'Churn lift',
          type: 'bar',
          data: shown.map((row) => ({ value: row.lift ?? 0, itemStyle: { color: (row.lift ?? 0) >= 1.5 ? '#dc2626' : (row.lift ?? 0) >= 1 ? '#d97706' : '#a1a1aa' } })),
          label: { show: true, position: 'right', color: '#3f3f46', formatter: (p: { dataIndex: number }) => `×${shown[p.dataIndex]!.lift ?? '∞'} · ${shown[p.dataIndex]!.churned}/${shown[p.dataIndex]!.accounts}` },
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#71717a', type: 'dashed' }, data: [{ xAxis: 1 }], label: { show: false } },
        },
        {
          name: 'Stall lift',
          type: 'bar',
          itemStyle: { color: '#7c3aed' },
          data: shown.map((row) => row.stalledLift ?? 0),
          label: { show: true, position: 'right', color: '#3f3f46', formatter: (p: { dataIndex: number }) => `×${shown[p.dataIndex]!.stalledLift ?? '–'} · ${shown[p.dataIndex]!.stalled}/${shown[p.dataIndex]!.accounts}` },
        },
      ],
    };
  }, [rows]);
  const top = rows[0];
  const label = top ? `Churn lift by ${dimension}: highest ${top.value}, ×${top.lift} (${top.churned} of ${top.accounts} churned).` : `No negative moments by ${dimension} yet.`;
  return <EChart option={option} label={label} testId="root-causes-chart" />;
}
