/**
 * The Explore view's table of points: which rows it shows (filter, scope) and in which order.
 * Pure functions over indices, so 20,000 rows sort without touching the DOM; the table component
 * renders only the rows in view.
 */
import type { AxisId, ExplorePoint } from './explore-points.js';

export type SortColumn = 'label' | AxisId | 'status';
export type SortDirection = 'asc' | 'desc';
/** all: every point; front: on the chart's front; selection: brushed on the chart; stale: evaluated on other inputs. */
export type TableScope = 'all' | 'front' | 'selection' | 'stale';

export interface TableQuery {
  readonly text: string;
  readonly scope: TableScope;
  readonly sortBy: SortColumn;
  readonly direction: SortDirection;
}

export const DEFAULT_QUERY: TableQuery = { text: '', scope: 'all', sortBy: 'accuracy', direction: 'desc' };

export interface TableContext {
  readonly front: ReadonlySet<number>;
  /** Brushed point indices; null = no brush. */
  readonly selection: ReadonlySet<number> | null;
}

/** 0 front, 1 other current, 2 stale: sorting by status puts the front first. */
function statusRank(p: ExplorePoint, ctx: TableContext): number {
  return p.stale ? 2 : ctx.front.has(p.index) ? 0 : 1;
}

/** Indices of the rows to show, in order. Missing figures sort last in both directions. */
export function tableRows(points: readonly ExplorePoint[], query: TableQuery, ctx: TableContext): number[] {
  const needle = query.text.trim().toLowerCase();
  const rows: number[] = [];
  for (const p of points) {
    if (query.scope === 'front' && !ctx.front.has(p.index)) continue;
    if (query.scope === 'selection' && !(ctx.selection?.has(p.index) ?? false)) continue;
    if (query.scope === 'stale' && !p.stale) continue;
    if (needle && !p.label.toLowerCase().includes(needle) && !p.key.toLowerCase().startsWith(needle)) continue;
    rows.push(p.index);
  }
  const sign = query.direction === 'asc' ? 1 : -1;
  const col = query.sortBy;
  if (col === 'label') {
    rows.sort((a, b) => sign * points[a].label.localeCompare(points[b].label) || a - b);
  } else if (col === 'status') {
    rows.sort((a, b) => sign * (statusRank(points[a], ctx) - statusRank(points[b], ctx)) || a - b);
  } else {
    rows.sort((a, b) => {
      const va = points[a].figures[col];
      const vb = points[b].figures[col];
      if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
      return sign * (va - vb) || a - b;
    });
  }
  return rows;
}

/** The rows of a scrolled window: first and last (exclusive) row index to render. */
export function visibleWindow(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
