import { useMemo } from 'react';
import { BarChart, CustomChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import type { PlaybookOutcome } from './playbooks.types.js';

type Group = PlaybookOutcome['enrolled'];

echarts.use([BarChart, CustomChart, GridComponent, TooltipComponent, CanvasRenderer]);

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value * 1000) / 10}%`);

type ErrorBarApi = { value(dimension: number): number; coord(point: [number, number]): [number, number]; size(value: [number, number]): [number, number]; style(extra: object): object };

/**
 * One outcome: its rate among enrolled accounts and a control group (held out, or similar
 * accounts never enrolled) as bars, with each rate's 95 % Wilson interval drawn as an error bar
 * (a custom series: echarts has no error-bar type).
 */
export function UpliftChart({ outcome }: { outcome: { label: string; statement: string; testId: string; enrolled: Group; control: Group; controlName: string } }) {
  const option = useMemo(() => {
    const groups = [
      { name: 'Enrolled', group: outcome.enrolled, color: '#4f46e5' },
      { name: outcome.controlName, group: outcome.control, color: '#a1a1aa' },
    ];
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const { name, group } = groups[p.dataIndex]!;
          return `${name}: ${group.successes} of ${group.accounts} (${percent(group.rate)})<br/>95 % interval ${percent(group.interval?.low)} to ${percent(group.interval?.high)}`;
        },
      },
      xAxis: { type: 'category', data: groups.map((g) => `${g.name} (${g.group.accounts})`), axisLabel: { color: '#3f3f46' } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#71717a', formatter: '{value}%' }, splitLine: { lineStyle: { color: '#f0f0f3' } } },
      series: [
        {
          name: outcome.label,
          type: 'bar',
          barWidth: '40%',
          data: groups.map((g) => ({ value: g.group.rate === null ? null : Math.round(g.group.rate * 1000) / 10, itemStyle: { color: g.color } })),
          label: { show: true, position: 'insideBottom', color: '#fff', formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}%`) },
        },
        {
          name: '95 % interval',
          type: 'custom',
          silent: true,
          data: groups.map((g, index) => [index, (g.group.interval?.low ?? 0) * 100, (g.group.interval?.high ?? 0) * 100, g.group.interval ? 1 : 0]),
          renderItem: (_params: unknown, api: ErrorBarApi) => {
            if (api.value(3) === 0) return null;
            const x = api.value(0);
            const low = api.coord([x, api.value(1)]);
            const high = api.coord([x, api.value(2)]);
            const half = api.size([1, 0])[0] * 0.08;
            const style = api.style({ stroke: '#18181b', lineWidth: 1.5, fill: undefined });
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
                { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style },
                { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style },
              ],
            };
          },
          z: 10,
        },
      ],
    };
  }, [outcome]);
  const label = `${outcome.label}: enrolled ${percent(outcome.enrolled.rate)} of ${outcome.enrolled.accounts}, ${outcome.controlName.toLowerCase()} ${percent(outcome.control.rate)} of ${outcome.control.accounts}. ${outcome.statement}`;
  return <EChart option={option} label={label} testId={outcome.testId} />;
}
