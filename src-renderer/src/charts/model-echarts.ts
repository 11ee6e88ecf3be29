/** ECharts with what the Model view adds to the shared set: the weight histogram's bars and the sensitivity heatmap. */
import { BarChart, HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { echarts } from './echarts-setup.js';

echarts.use([BarChart, HeatmapChart, VisualMapComponent]);

export { echarts };
