/** The application menu's template: the File items and shortcuts the issue lists, each dispatching its command. */
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions, type MenuItemTemplate } from '../../src-main/electron/menu-template.js';
import type { AppCommandMessage } from '../../src-shared/api/shell-api.js';

function build(platform: NodeJS.Platform, recent: { path: string; exists: boolean }[] = [], development = false) {
  const commands: AppCommandMessage[] = [];
  const other: string[] = [];
  const actions: MenuActions = {
    command: (m) => commands.push(m),
    clearRecent: () => other.push('clear'),
    showAbout: () => other.push('about'),
    openDocumentation: () => other.push('docs'),
  };
  return { template: buildMenuTemplate({ platform, recent, development, actions }), commands, other };
}

const plain = (label: string | undefined) => (label ?? '').replace(/&(?!&)/g, '').replace(/&&/g, '&');
function menu(template: MenuItemTemplate[], label: string): MenuItemTemplate[] {
  const found = template.find((m) => plain(m.label) === label);
  if (!found?.submenu) throw new Error(`no menu ${label}`);
  return found.submenu;
}
function entry(items: MenuItemTemplate[], label: string): MenuItemTemplate {
  const found = items.find((m) => plain(m.label) === label);
  if (!found) throw new Error(`no item ${label} in ${items.map((i) => plain(i.label)).join(', ')}`);
  return found;
}

describe('application menu', () => {
  it('has File, Edit, View and Help on Linux and Windows; macOS adds its app and Window menus', () => {
    expect(build('linux').template.map((m) => plain(m.label))).toEqual(['File', 'Edit', 'View', 'Help']);
    const mac = build('darwin').template;
    expect(mac[0].role).toBe('appMenu');
    expect(mac.map((m) => m.role ?? plain(m.label))).toEqual(['appMenu', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
  });

  it('File lists New, Open, Open Recent, Save, Save As and Export Report with the usual shortcuts, each sending its command', () => {
    const { template, commands } = build('linux');
    const file = menu(template, 'File');
    const expected: [string, string, AppCommandMessage['command']][] = [
      ['New Project…', 'CmdOrCtrl+N', 'new-project'],
      ['Open…', 'CmdOrCtrl+O', 'open-project'],
      ['Save', 'CmdOrCtrl+S', 'save'],
      ['Save As…', 'CmdOrCtrl+Shift+S', 'save-as'],
      ['Export Report…', 'CmdOrCtrl+E', 'export-report'],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = entry(file, label);
      expect(item.accelerator).toBe(accelerator);
      commands.length = 0;
      item.click!();
      expect(commands).toEqual([{ command, args: {} }]);
    }
    entry(file, 'Open the Demo').click!();
    expect(commands.at(-1)).toEqual({ command: 'open-demo', args: {} });
    expect(entry(file, 'Open Recent').submenu).toBeDefined();
    expect(file.at(-1)).toMatchObject({ role: 'quit' });
    expect(menu(build('darwin').template, 'File').at(-1)).toMatchObject({ role: 'close' });
    // Every accelerator is used once.
    const accelerators = file.flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('Open Recent lists the backend\'s projects (missing ones disabled) and clears them', () => {
    const { template, commands, other } = build('win32', [
      { path: '/p/a & b.edgefront', exists: true },
      { path: '/gone/c.edgefront', exists: false },
    ]);
    const recent = entry(menu(template, 'File'), 'Open Recent').submenu!;
    expect(recent[0].label).toBe('/p/a && b.edgefront');
    recent[0].click!();
    expect(commands).toEqual([{ command: 'open-recent', args: { path: '/p/a & b.edgefront' } }]);
    expect(recent[1]).toMatchObject({ label: '/gone/c.edgefront (not found)', enabled: false });
    entry(recent, 'Clear Recent').click!();
    expect(other).toEqual(['clear']);

    const empty = entry(menu(build('linux').template, 'File'), 'Open Recent').submenu!;
    expect(empty[0]).toMatchObject({ label: 'No recent projects', enabled: false });
    expect(entry(empty, 'Clear Recent').enabled).toBe(false);
  });

  it('Edit has the clipboard roles; View adds Reload and DevTools only in development; Help opens the docs and About', () => {
    const { template, other } = build('linux');
    expect(menu(template, 'Edit').map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(menu(template, 'View').some((i) => i.role === 'toggleDevTools' || i.role === 'reload')).toBe(false);
    expect(menu(build('linux', [], true).template, 'View').map((i) => i.role)).toContain('toggleDevTools');
    const help = menu(template, 'Help');
    entry(help, 'EdgeFront Documentation').click!();
    entry(help, 'About EdgeFront').click!();
    expect(other).toEqual(['docs', 'about']);
    // macOS has About in the app menu.
    expect(menu(build('darwin').template, 'Help').some((i) => plain(i.label) === 'About EdgeFront')).toBe(false);
  });
});
