/** The Explore charts' colours, read from the theme's CSS variables (so dark mode follows). */
import type { ExplorePalette } from '../../charts/explore-chart-option.js';
import type { LayerBarsPalette } from '../../charts/explore-layer-option.js';
import { themeChartPalette } from '../../charts/theme-palette.js';
import { cssVariable } from '../../composables/useTheme.js';

export function explorePalette(): ExplorePalette & LayerBarsPalette {
  return {
    ...themeChartPalette(),
    highlight: cssVariable('--focus'),
    saved: cssVariable('--chart-grid'),
    energy: cssVariable('--accent'),
  };
}
