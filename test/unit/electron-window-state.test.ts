/** The main window's remembered place: validated on load, clamped to the displays connected now, saved atomically. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  loadWindowState,
  parseWindowState,
  placeWindow,
  saveWindowState,
  windowStateOf,
  type Rect,
  type WindowState,
} from '../../src-main/electron/window-state.js';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const monitorRight: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };
const saved: WindowState = { x: 100, y: 80, width: 1400, height: 900, maximized: false };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefront-window-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('window state', () => {
  it('parses a valid file and rejects anything else', () => {
    expect(parseWindowState(JSON.stringify(saved))).toEqual(saved);
    for (const bad of ['', '{', 'null', '[]', JSON.stringify({ ...saved, width: 10 }), JSON.stringify({ ...saved, x: 1.5 }), JSON.stringify({ ...saved, extra: 1 }), JSON.stringify({ ...saved, maximized: 'yes' })]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });

  it('reopens where it was when that is on a connected display', () => {
    expect(placeWindow(saved, [laptop, monitorRight])).toEqual(saved);
    const onMonitor = { ...saved, x: 2200, y: 100 };
    expect(placeWindow(onMonitor, [laptop, monitorRight])).toEqual(onMonitor);
  });

  it('moves a window whose monitor was unplugged back to the default size, centred, keeping maximized', () => {
    const onMonitor: WindowState = { x: 2200, y: 100, width: 1400, height: 900, maximized: true };
    expect(placeWindow(onMonitor, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: true });
  });

  it('pulls a window hanging over an edge fully onto its display and shrinks it to fit', () => {
    expect(placeWindow({ x: 1500, y: -50, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ x: 920, y: 0, width: 1000, height: 700, maximized: false });
    expect(placeWindow({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1050, maximized: false });
    // A sliver of 100 px is not enough to grab: back to the default.
    expect(placeWindow({ x: 1820, y: 0, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('uses the default size (within a small screen) when nothing was saved', () => {
    expect(placeWindow(null, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
    expect(placeWindow(null, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({ width: 1024, height: 700, maximized: false });
  });

  it('saves atomically and loads back; a missing or corrupt file is no state', async () => {
    const file = join(dir, 'window-state.json');
    expect(await loadWindowState(file)).toBeNull();
    const state = windowStateOf({ x: 10.4, y: 20.6, width: 1300.2, height: 850 }, true)!;
    expect(state).toEqual({ x: 10, y: 21, width: 1300, height: 850, maximized: true });
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
    await writeFile(file, '{"x": 1');
    expect(await loadWindowState(file)).toBeNull();
  });

  it('never records a size below the minimum', () => {
    expect(windowStateOf({ x: 0, y: 0, width: 200, height: 100 }, false)).toMatchObject({ width: 800, height: 560 });
  });
});
