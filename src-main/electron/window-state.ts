/**
 * The main window's position, size and maximized state, kept between runs in the user-data
 * folder. What is read back is validated (a hand-edited or truncated file means the defaults, not
 * a crash) and clamped to a display that is connected now, so a window last seen on an unplugged
 * monitor does not open off-screen. Written atomically, like every file EdgeFront saves.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../services/project/atomic-write.js';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 860 } as const;
/** How much of a saved window must fall on a display for it to be reopened where it was (enough to grab its title bar). */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
export const windowStateSchema = z
  .object({
    x: coordinate,
    y: coordinate,
    width: z.number().int().min(MIN_WINDOW_SIZE.width).max(100_000),
    height: z.number().int().min(MIN_WINDOW_SIZE.height).max(100_000),
    maximized: z.boolean(),
  })
  .strict();
export type WindowState = z.infer<typeof windowStateSchema>;

/** Where to open the window: a rectangle (x/y absent = centred by the window system) and whether to maximize. */
export interface WindowPlacement {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/** The saved state in `text`, or null if it is not valid JSON of the right shape. */
export function parseWindowState(text: string): WindowState | null {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** The default size, centred, never larger than the primary work area. */
function defaultPlacement(primary: Rect | undefined): WindowPlacement {
  return {
    width: primary ? Math.min(DEFAULT_WINDOW_SIZE.width, primary.width) : DEFAULT_WINDOW_SIZE.width,
    height: primary ? Math.min(DEFAULT_WINDOW_SIZE.height, primary.height) : DEFAULT_WINDOW_SIZE.height,
    maximized: false,
  };
}

/**
 * Where to open a window saved as `state`, given the work areas of the displays connected now
 * (the primary first): on the display it overlaps most, shrunk to fit it and moved fully onto
 * it; or, if too little of it would be visible anywhere, at the default size, centred.
 */
export function placeWindow(state: WindowState | null, workAreas: readonly Rect[]): WindowPlacement {
  const primary = workAreas[0];
  if (!state) return defaultPlacement(primary);
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(state, area);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return { ...defaultPlacement(primary), maximized: state.maximized };
  const width = Math.min(state.width, best.width);
  const height = Math.min(state.height, best.height);
  const x = Math.min(Math.max(state.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(state.y, best.y), best.y + best.height - height);
  return { x, y, width, height, maximized: state.maximized };
}

/** Reads the state saved in `file`; a missing or broken file is the same as none. */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return parseWindowState(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The state to save for a window: its normal (not maximized) bounds and whether it is maximized,
 * so un-maximizing after the next start returns to the size the user chose.
 */
export function windowStateOf(normalBounds: Rect, maximized: boolean): WindowState | null {
  const state = {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.max(MIN_WINDOW_SIZE.width, Math.round(normalBounds.width)),
    height: Math.max(MIN_WINDOW_SIZE.height, Math.round(normalBounds.height)),
    maximized,
  };
  const parsed = windowStateSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}
