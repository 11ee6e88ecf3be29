/**
 * The chart colours every view shares, read from the theme's CSS variables (theme.css), so a
 * chart drawn after a theme switch follows it. Views add their own extras on top.
 */
import { cssVariable } from '../composables/useTheme.js';
import type { ChartPalette } from './front-chart-option.js';

export function themeChartPalette(): ChartPalette {
  return {
    text: cssVariable('--fg'),
    muted: cssVariable('--muted'),
    grid: cssVariable('--chart-grid'),
    point: cssVariable('--chart-point'),
    front: cssVariable('--chart-front'),
    background: cssVariable('--panel'),
  };
}
