/** The Model view's chart colours, read from the theme's CSS variables (so dark mode follows). */
import type { HeatmapPalette } from '../../charts/model-sensitivity-option.js';
import { themeChartPalette } from '../../charts/theme-palette.js';
import { cssVariable } from '../../composables/useTheme.js';

export function modelPalette(): HeatmapPalette {
  return {
    ...themeChartPalette(),
    point: cssVariable('--accent'),
    // No drop blends into the panel; larger drops warm up to the danger colour.
    scale: [cssVariable('--panel-2'), cssVariable('--warn'), cssVariable('--danger')],
  };
}
