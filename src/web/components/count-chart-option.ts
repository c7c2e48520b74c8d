import type { EChartsCoreOption } from 'echarts/core';

/**
 * The frame every count chart of the app shares: categories along the bottom (days or
 * months), whole counts up the side, one scrolling legend line on top (many series would
 * otherwise wrap over the plot), the axis tooltip. Callers add `series` and override what
 * they need.
 */
export function countChartOption(
  categories: string[],
  options: { formatCategory?: (category: string) => string } = {},
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: {
      type: 'scroll',
      top: 0,
      left: 0,
      right: 0,
      itemWidth: 12,
      itemHeight: 8,
      textStyle: { color: '#52525b', fontSize: 12, lineHeight: 16 },
    },
    xAxis: {
      type: 'category',
      data: categories,
      axisLine: { lineStyle: { color: '#d4d4d8' } },
      axisLabel: {
        color: '#71717a',
        hideOverlap: true,
        ...(options.formatCategory ? { formatter: options.formatCategory } : {}),
      },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: '#71717a' },
      splitLine: { lineStyle: { color: '#f0f0f3' } },
    },
  };
}
