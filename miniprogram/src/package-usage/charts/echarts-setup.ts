/**
 * The custom ECharts build of the usage charts: only the bar and line
 * charts, the grid, tooltip and legend, and the canvas renderer (the full
 * library is several times larger). Imported only from this subpackage, so
 * none of it reaches the main package.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';
