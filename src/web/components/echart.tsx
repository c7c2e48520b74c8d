import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';

/**
 * One echarts instance for the element's lifetime, resized with the window; a new `option`
 * replaces the drawing. Callers register the chart types they use with `echarts.use`.
 */
export function EChart({
  option,
  label,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  testId: string;
}) {
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

  return <div ref={containerRef} className="chart" role="img" aria-label={label} data-testid={testId} />;
}
