/**
 * ECharts with what the Explore view adds to the shared set: bars, custom error bars and wheel zoom.
 * (Area selection is the view's own overlay: ECharts' brush restyles every point of a 20,000-point
 * chart while dragging, and its cover trips a zrender warning.)
 */
import { BarChart, CustomChart } from 'echarts/charts';
import { DataZoomInsideComponent } from 'echarts/components';
import { echarts } from './echarts-setup.js';

echarts.use([BarChart, CustomChart, DataZoomInsideComponent]);

export { echarts };
