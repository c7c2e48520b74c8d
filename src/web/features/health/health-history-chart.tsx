import { useMemo } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import type { AccountHealth } from './health.types.js';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkAreaComponent, CanvasRenderer]);

const LINE_COLOR = '#5b5bd6';

/** The computed score over the last year, over the red / yellow / green bands of the scorecard. */
export function HealthHistoryChart({ history, bands }: { history: AccountHealth['history']; bands: { green: number; yellow: number } }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'line' } },
      xAxis: { type: 'time', axisLine: { lineStyle: { color: '#d4d4d8' } }, axisLabel: { color: '#71717a', hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#71717a' }, splitLine: { lineStyle: { color: '#f0f0f3' } } },
      series: [
        {
          name: 'Health score',
          type: 'line',
          symbol: 'circle',
          symbolSize: 4,
          lineStyle: { width: 2, color: LINE_COLOR },
          itemStyle: { color: LINE_COLOR },
          data: history.map((point) => [point.day, point.score]),
          markArea: {
            silent: true,
            data: [
              [{ yAxis: 0, itemStyle: { color: 'rgba(220, 38, 38, 0.07)' } }, { yAxis: bands.yellow }],
              [{ yAxis: bands.yellow, itemStyle: { color: 'rgba(217, 119, 6, 0.07)' } }, { yAxis: bands.green }],
              [{ yAxis: bands.green, itemStyle: { color: 'rgba(22, 163, 74, 0.07)' } }, { yAxis: 100 }],
            ],
          },
        },
      ],
    }),
    [history, bands],
  );
  const last = history[history.length - 1];
  const label = last ? `Health history: ${history.length} points, ${last.score} (${last.band}) on ${last.day}.` : 'No health history yet.';
  return <EChart option={option} label={label} testId="health-history-chart" />;
}
