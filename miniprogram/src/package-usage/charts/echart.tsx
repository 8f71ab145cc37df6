import { Canvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts-setup';

export interface EChartProps {
  /** Unique on the page: the element the chart draws into. */
  readonly id: string;
  readonly option: ChartOption;
  /** What the chart shows, for screen readers (a canvas says nothing by itself). */
  readonly label: string;
  readonly height?: number;
}

type Chart = ReturnType<typeof echarts.init>;

/** Charts drawn on this page by id (H5): what a browser test reads back to see the data a chart was given. */
declare global {
  interface Window {
    __charts__?: Record<string, Chart>;
  }
}

/**
 * One ECharts chart in both builds. H5: ECharts draws into the element as on
 * any web page. weapp: into a `<Canvas type="2d">` node, which is a real 2D
 * canvas; ECharts is handed that node (with its size and the device pixel
 * ratio) and, for the temporary canvases it measures text with, told to make
 * them through `wx.createOffscreenCanvas`. No wrapper library does this for
 * Taro 4 with ECharts 6, hence this small one.
 */
export function EChart({ id, option, label, height = 240 }: EChartProps) {
  const chartRef = useRef<Chart | null>(null);

  useEffect(() => {
    let disposed = false;
    if (process.env.TARO_ENV === 'h5') {
      const element = document.getElementById(id);
      if (element) {
        chartRef.current = echarts.init(element, undefined, { renderer: 'canvas' });
        window.__charts__ = { ...window.__charts__, [id]: chartRef.current };
      }
    } else {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((results: { node?: HTMLCanvasElement & { width: number; height: number }; width: number; height: number }[]) => {
          const found = results[0];
          if (disposed || !found?.node) return;
          const dpr = Taro.getSystemInfoSync().pixelRatio;
          found.node.width = found.width * dpr;
          found.node.height = found.height * dpr;
          echarts.setPlatformAPI({ createCanvas: () => Taro.createOffscreenCanvas({ type: '2d', width: 10, height: 10 }) as unknown as HTMLCanvasElement });
          chartRef.current = echarts.init(found.node as unknown as HTMLElement, undefined, { width: found.width, height: found.height, devicePixelRatio: dpr });
          chartRef.current.setOption(option);
        });
    }
    return () => {
      disposed = true;
      chartRef.current?.dispose();
      chartRef.current = null;
      if (process.env.TARO_ENV === 'h5' && window.__charts__) delete window.__charts__[id];
    };
    // The chart is made once per element (with the option of that moment on weapp); later options are applied below.
  }, [id]);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <View className='echart' role='img' aria-label={label}>
      {process.env.TARO_ENV === 'h5' ? (
        <View id={id} className='echart__surface' style={{ height: `${height}px` }} />
      ) : (
        <Canvas type='2d' id={id} className='echart__surface' style={{ width: '100%', height: `${height}px` }} />
      )}
    </View>
  );
}
