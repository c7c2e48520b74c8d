import { useMemo } from 'react';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import type { Experience, Moment } from './experience.api.js';

echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export const OUTCOME_COLOR: Record<Moment['outcome'], string> = { positive: '#16a34a', neutral: '#a1a1aa', negative: '#dc2626' };

/** The running score over the year, with each moment as a mark on the day it happened (its colour: the outcome). */
export function ExperienceChart({ history, moments }: { history: Experience['history']; moments: Moment[] }) {
  const option = useMemo(() => {
    const first = history[0]?.day ?? '';
    const scoreOn = new Map(history.map((point) => [point.day, point.score]));
    const marks = (outcome: Moment['outcome']) =>
      moments
        .filter((m) => m.outcome === outcome && m.occurredAt.slice(0, 10) >= first)
        .map((m) => ({ value: [m.occurredAt.slice(0, 10), scoreOn.get(m.occurredAt.slice(0, 10)) ?? 50], name: m.title, reason: m.reason, intensity: m.intensity }));
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; data: { name?: string; reason?: string; value: [string, number] } | [string, number] }) =>
          Array.isArray(p.data) ? `${p.data[0]}: ${p.data[1]}` : `${p.data.value[0]} · ${p.seriesName}<br/>${p.data.name}<br/><i>${p.data.reason}</i>`,
      },
      xAxis: { type: 'time', axisLine: { lineStyle: { color: '#d4d4d8' } }, axisLabel: { color: '#71717a', hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#71717a' }, splitLine: { lineStyle: { color: '#f0f0f3' } } },
      series: [
        {
          name: 'Experience score',
          type: 'line',
          showSymbol: false,
          lineStyle: { width: 2, color: '#5b5bd6' },
          itemStyle: { color: '#5b5bd6' },
          data: history.map((point) => [point.day, point.score]),
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#d4d4d8', type: 'dashed' }, data: [{ yAxis: 50 }], label: { show: false } },
        },
        ...(['negative', 'positive', 'neutral'] as const).map((outcome) => ({
          name: `${outcome} moment`,
          type: 'scatter',
          symbolSize: (value: unknown, params: { data: { intensity: number } }) => 6 + params.data.intensity * 3,
          itemStyle: { color: OUTCOME_COLOR[outcome] },
          data: marks(outcome),
        })),
      ],
    };
  }, [history, moments]);
  const last = history[history.length - 1];
  const label = last ? `Experience score over ${history.length} days, ${last.score} on ${last.day}, with ${moments.length} moments marked.` : 'No experience history.';
  return <EChart option={option} label={label} testId="experience-chart" />;
}
