import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';

/**
 * An echarts instance on the returned element's ref: created once, resized with the window,
 * disposed on unmount, and given `option` whenever it changes (memoize it). Callers
 * register the charts and components they draw with `echarts.use`.
 */
export function useEchart(option: EChartsCoreOption) {
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = echarts.init(container, undefined, { renderer: 'canvas' });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    const chart = container ? echarts.getInstanceByDom(container) : undefined;
    chart?.setOption(option, { notMerge: true });
  }, [option]);

  return containerRef;
}
