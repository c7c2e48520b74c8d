import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import { formatMinutes } from './flow-format.js';
import type { FlowFunnel } from './flows.types.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const percent = (value: number | null) => (value === null ? '' : `${Math.round(value * 100)}%`);

/**
 * The funnel as horizontal bars, first step on top: users who reached each step, with the
 * conversion from the previous step beside the bar, and those stuck at the step stacked in red.
 */
export function FunnelChart({ funnel }: { funnel: FlowFunnel }) {
  const steps = [...funnel.steps].reverse();
  const option = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const step = steps[items[0]?.dataIndex ?? 0]!;
        const lines = [`<b>${step.name}</b>`, `${step.users} users`];
        if (step.conversionFromPrevious !== null) lines.push(`${percent(step.conversionFromPrevious)} of the previous step`);
        if (step.medianMinutesFromPrevious !== null) lines.push(`median ${formatMinutes(step.medianMinutesFromPrevious)} from the previous step`);
        if (step.stuck > 0) lines.push(`${step.stuck} stuck here now`);
        return lines.join('<br/>');
      },
    },
    grid: { left: 150, right: 70, top: 10, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: steps.map((step) => step.name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        name: 'Reached',
        type: 'bar',
        stack: 'users',
        data: steps.map((step) => step.users),
        itemStyle: { color: '#5b5bd6' },
        label: { show: true, position: 'right', formatter: (item: { dataIndex: number }) => percent(steps[item.dataIndex]!.conversionFromPrevious) },
      },
      { name: 'Stuck here', type: 'bar', stack: 'users', data: steps.map((step) => step.stuck), itemStyle: { color: '#d6487e' } },
    ],
  };
  return <EChart option={option} label={`Funnel: ${funnel.steps.map((step) => `${step.name} ${step.users}`).join(', ')}`} testId="flow-funnel-chart" />;
}
