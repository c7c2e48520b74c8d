import { useMemo } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import { BAND_COLOURS, BAND_LABELS } from './band-distribution-chart.js';
import type { HealthBacktestReport } from './health.types.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const AXIS = { axisLabel: { color: '#71717a' }, axisLine: { lineStyle: { color: '#d4d4d8' } }, splitLine: { lineStyle: { color: '#f0f0f3' } } };
const percent = (value: number) => `${Math.round(value * 100)} %`;

/** The model's predicted risk against the share of accounts really lost, per bin with accounts in it; the diagonal is perfect. */
export function CalibrationChart({ bins }: { bins: HealthBacktestReport['calibration_model'] }) {
  const filled = bins.filter((bin) => bin.count > 0);
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
      legend: { top: 0, textStyle: { color: '#3f3f46' } },
      tooltip: {
        trigger: 'item',
        formatter: (item: { seriesIndex: number; dataIndex: number }) => {
          if (item.seriesIndex !== 1) return 'Perfect calibration';
          const bin = filled[item.dataIndex]!;
          return `${bin.count} accounts predicted ${percent(bin.meanPredicted)} on average: ${percent(bin.observedRate)} were lost`;
        },
      },
      xAxis: { type: 'value', name: 'Predicted risk', nameLocation: 'middle', nameGap: 24, min: 0, max: 1, axisLabel: { ...AXIS.axisLabel, formatter: percent }, axisLine: AXIS.axisLine, splitLine: AXIS.splitLine },
      yAxis: { type: 'value', name: 'Really lost', min: 0, max: 1, axisLabel: { ...AXIS.axisLabel, formatter: percent }, splitLine: AXIS.splitLine },
      series: [
        { name: 'Perfect', type: 'line', data: [[0, 0], [1, 1]], symbol: 'none', lineStyle: { color: '#a1a1aa', type: 'dashed' } },
        {
          name: 'Model',
          type: 'line',
          data: filled.map((bin) => [bin.meanPredicted, bin.observedRate, bin.count]),
          symbolSize: (value: number[]) => Math.min(24, 6 + Math.sqrt(value[2] ?? 0)),
          itemStyle: { color: '#4f46e5' },
          lineStyle: { color: '#4f46e5' },
        },
      ],
    }),
    [filled],
  );
  const label = `Calibration: ${filled.map((bin) => `predicted ${percent(bin.meanPredicted)}, lost ${percent(bin.observedRate)} of ${bin.count}`).join('; ')}.`;
  return <EChart option={option} label={label} testId="calibration-chart" />;
}

const bandLabel = (band: string) => BAND_LABELS[band as keyof typeof BAND_LABELS] ?? band;
const bandColour = (band: string) => BAND_COLOURS[band as keyof typeof BAND_COLOURS] ?? BAND_COLOURS.unscored;

/** The share of each scorecard band's accounts lost within the horizon: red should lose most. */
export function LossRateByBandChart({ bands }: { bands: HealthBacktestReport['loss_rate_by_band'] }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (item: { dataIndex: number }) => {
          const band = bands[item.dataIndex]!;
          return `${bandLabel(band.band)}: ${band.lost} of ${band.accounts} accounts lost`;
        },
      },
      xAxis: { type: 'category', data: bands.map((b) => bandLabel(b.band)), ...AXIS },
      yAxis: { type: 'value', min: 0, axisLabel: { ...AXIS.axisLabel, formatter: percent }, splitLine: AXIS.splitLine },
      series: [
        {
          name: 'Lost',
          type: 'bar',
          barMaxWidth: 64,
          label: { show: true, position: 'top', color: '#3f3f46', formatter: (item: { value: number }) => percent(item.value) },
          data: bands.map((b) => ({ value: b.rate, itemStyle: { color: bandColour(b.band), borderRadius: [4, 4, 0, 0] } })),
        },
      ],
    }),
    [bands],
  );
  const label = `Loss rate by health band: ${bands.map((b) => `${bandLabel(b.band)} ${b.lost} of ${b.accounts}`).join(', ')}.`;
  return <EChart option={option} label={label} testId="loss-rate-chart" />;
}
