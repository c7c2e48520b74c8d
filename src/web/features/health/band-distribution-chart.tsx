import { useMemo } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../../components/echart.js';
import { formatMoney } from '../../lib/format.js';
import type { HealthPortfolio } from './health.types.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const BAND_COLOURS = { green: '#16a34a', yellow: '#d97706', red: '#dc2626', unscored: '#a1a1aa' } as const;
export const BAND_LABELS = { green: 'Green', yellow: 'Yellow', red: 'Red', unscored: 'Not scored' } as const;

/** Accounts per health band, each bar's tooltip with the band's ARR. */
export function BandDistributionChart({ bands, currency }: { bands: HealthPortfolio['bands']; currency: string }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (item: { dataIndex: number }) => {
          const band = bands[item.dataIndex]!;
          return `${BAND_LABELS[band.band]}: ${band.accounts} accounts, ${formatMoney(band.arr, currency)} ARR`;
        },
      },
      xAxis: { type: 'category', data: bands.map((b) => BAND_LABELS[b.band]), axisLabel: { color: '#71717a' }, axisLine: { lineStyle: { color: '#d4d4d8' } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#71717a' }, splitLine: { lineStyle: { color: '#f0f0f3' } } },
      series: [
        {
          name: 'Accounts',
          type: 'bar',
          barMaxWidth: 64,
          label: { show: true, position: 'top', color: '#3f3f46' },
          data: bands.map((b) => ({ value: b.accounts, itemStyle: { color: BAND_COLOURS[b.band], borderRadius: [4, 4, 0, 0] } })),
        },
      ],
    }),
    [bands, currency],
  );
  const label = `Accounts by health band: ${bands.map((b) => `${BAND_LABELS[b.band]} ${b.accounts}`).join(', ')}.`;
  return <EChart option={option} label={label} testId="band-distribution-chart" />;
}
