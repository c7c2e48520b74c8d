import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import type { HandoffSla } from './handoffs.types.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** SLA attainment per receiving team: the share completed within the clock among the decided ones. */
export function SlaChart({ sla }: { sla: HandoffSla }) {
  const teams = sla.teams.filter((row) => row.started > 0);
  const option: echarts.EChartsCoreOption = {
    grid: { left: 130, right: 24, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value}%` },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: teams.map((row) => row.team.name), inverse: true },
    series: [
      {
        type: 'bar',
        name: 'Attainment',
        data: teams.map((row) => ({
          value: row.attainment === null ? 0 : Math.round(row.attainment * 1000) / 10,
          itemStyle: { color: row.attainment === null ? '#a1a1aa' : row.attainment >= 0.9 ? '#2f9e8f' : row.attainment >= 0.7 ? '#e0913a' : '#d6487e' },
        })),
        label: { show: true, position: 'right', formatter: '{c}%' },
        barMaxWidth: 28,
      },
    ],
  };
  const summary = teams.map((row) => `${row.team.name} ${row.attainment === null ? 'no decided hand-offs' : `${Math.round(row.attainment * 100)}%`}`).join(', ');
  return <EChart option={option} testId="handoff-sla-chart" label={`SLA attainment per team: ${summary || 'no hand-offs in the period'}.`} />;
}
