/**
 * The application menu as a plain template (Electron's Menu.buildFromTemplate takes it as is):
 * File (New, Open, Open Recent, Open the Demo, Save, Save As, Export Report, Quit), Edit, View,
 * Help, plus macOS's app and Window menus. File commands are carried out by the renderer: a click
 * only sends the command there. The accelerators are the menu's, so in the desktop app the
 * renderer does not handle the same keys again.
 */
import type { AppCommand, AppCommandMessage } from '../../src-shared/api/shell-api.js';

/** The roles this menu uses (a subset of Electron's). */
export type MenuRole =
  | 'appMenu'
  | 'windowMenu'
  | 'about'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen';

export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuActions {
  /** Sends an app command to the renderer (queued until it is ready). */
  command(message: AppCommandMessage): void;
  clearRecent(): void;
  showAbout(): void;
  openDocumentation(): void;
}

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  /** Recent project files, newest first (the backend's list; a missing file is shown disabled). */
  readonly recent: readonly { readonly path: string; readonly exists: boolean }[];
  /** Development build: adds Reload and the developer tools. */
  readonly development: boolean;
  readonly actions: MenuActions;
}

/** The accelerator of each File command, also listed in the docs and checked by the tests. */
export const COMMAND_ACCELERATORS: Readonly<Partial<Record<AppCommand, string>>> = {
  'new-project': 'CmdOrCtrl+N',
  'open-project': 'CmdOrCtrl+O',
  save: 'CmdOrCtrl+S',
  'save-as': 'CmdOrCtrl+Shift+S',
  'export-report': 'CmdOrCtrl+E',
};

const separator: MenuItemTemplate = { type: 'separator' };

/** Windows reads `&` in a label as a mnemonic marker; a path may contain one. */
function literalLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

export function buildMenuTemplate(options: MenuOptions): MenuItemTemplate[] {
  const { actions, platform } = options;
  const mac = platform === 'darwin';
  const item = (label: string, command: AppCommand): MenuItemTemplate => ({
    label,
    accelerator: COMMAND_ACCELERATORS[command],
    click: () => actions.command({ command, args: {} }),
  });

  const recentItems: MenuItemTemplate[] =
    options.recent.length === 0
      ? [{ label: 'No recent projects', enabled: false }]
      : options.recent.map(({ path, exists }) => ({
          label: literalLabel(exists ? path : `${path} (not found)`),
          enabled: exists,
          click: () => actions.command({ command: 'open-recent', args: { path } }),
        }));

  const file: MenuItemTemplate = {
    label: '&File',
    submenu: [
      item('&New Project…', 'new-project'),
      item('&Open…', 'open-project'),
      { label: 'Open &Recent', submenu: [...recentItems, separator, { label: 'Clear Recent', enabled: options.recent.length > 0, click: () => actions.clearRecent() }] },
      item('Open the &Demo', 'open-demo'),
      separator,
      item('&Save', 'save'),
      item('Save &As…', 'save-as'),
      separator,
      item('&Export Report…', 'export-report'),
      separator,
      mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  };
  const edit: MenuItemTemplate = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemTemplate = {
    label: '&View',
    submenu: [
      ...(options.development ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemTemplate = {
    label: '&Help',
    submenu: [
      { label: 'EdgeFront &Documentation', click: () => actions.openDocumentation() },
      ...(mac ? [] : [separator, { label: '&About EdgeFront', click: () => actions.showAbout() }]),
    ],
  };
  return [...(mac ? [{ role: 'appMenu' } as const] : []), file, edit, view, ...(mac ? [{ role: 'windowMenu' } as const] : []), help];
}
