// @vitest-environment happy-dom
/**
 * The renderer's side of the desktop shell and its browser-mode stand-ins: shortcuts (browser
 * mode only, once each), dropped files (opened with their path in the desktop app; explained in
 * browser mode), menu commands from the shell (validated), unsaved state reported to the shell,
 * and the File commands Open, Open the Demo and Save As.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCommandMessage, EdgeFrontShell } from '../../src-shared/api/shell-api.js';
import { UserError } from '../../src-shared/errors.js';
import { provideApi } from '../../src-renderer/src/api/api-instance.js';
import ShellLayer from '../../src-renderer/src/components/shell/ShellLayer.vue';
import { dispatchAppCommand, registerAppCommand, unsavedChanges } from '../../src-renderer/src/composables/useAppCommands.js';
import { saveAsForm } from '../../src-renderer/src/composables/useFileCommands.js';
import { dropOutcome } from '../../src-renderer/src/composables/useFileDrop.js';
import { useNavigation } from '../../src-renderer/src/composables/useNavigation.js';
import { dismissNotice, notice } from '../../src-renderer/src/composables/useNotice.js';
import { shortcutCommand } from '../../src-renderer/src/composables/useShortcuts.js';
import { useProjectStore } from '../../src-renderer/src/stores/projectStore.js';
import { fakeApi, projectView, type FakeApi } from './fake-api.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcutCommand', () => {
  it('maps Ctrl+N, O, S, Shift+S and E (⌘ on a Mac) to their commands and nothing else', () => {
    expect(shortcutCommand(key('n', { ctrlKey: true }), false)).toBe('new-project');
    expect(shortcutCommand(key('o', { ctrlKey: true }), false)).toBe('open-project');
    expect(shortcutCommand(key('s', { ctrlKey: true }), false)).toBe('save');
    expect(shortcutCommand(key('S', { ctrlKey: true, shiftKey: true }), false)).toBe('save-as');
    expect(shortcutCommand(key('e', { ctrlKey: true }), false)).toBe('export-report');
    expect(shortcutCommand(key('s', { metaKey: true }), true)).toBe('save');
    expect(shortcutCommand(key('s', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutCommand(key('s', { metaKey: true }), false)).toBeNull();
    expect(shortcutCommand(key('s'), false)).toBeNull();
    expect(shortcutCommand(key('s', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutCommand(key('x', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutCommand(key('O', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });
});

describe('dropOutcome', () => {
  const files = (...names: string[]) => names.map((name) => ({ name, path: `/disk/${name}` }));
  const pathOf = (f: { path: string }) => f.path;

  it('opens a project and starts a new project from a model, by their paths', () => {
    expect(dropOutcome(files('study.edgefront'), pathOf)).toEqual({ kind: 'command', command: 'open-project', args: { path: '/disk/study.edgefront' } });
    expect(dropOutcome(files('Net.ONNX'), pathOf)).toEqual({ kind: 'command', command: 'new-project', args: { path: '/disk/Net.ONNX' } });
    expect(dropOutcome(files('notes.txt', 'net.onnx'), pathOf)).toMatchObject({ kind: 'command', command: 'new-project' });
  });

  it('explains other files, several files and browser mode, where the path is unknown', () => {
    expect(dropOutcome([], pathOf)).toBeNull();
    expect(dropOutcome(files('photo.png'), pathOf)).toEqual({ kind: 'message', text: 'EdgeFront opens .edgefront projects and .onnx models; photo.png is neither.', then: null });
    expect(dropOutcome(files('a.onnx', 'b.edgefront'), pathOf)).toMatchObject({ kind: 'message', text: 'Drop one file at a time: a.onnx, b.edgefront.' });
    const browser = dropOutcome(files('study.edgefront'), null);
    expect(browser).toMatchObject({ kind: 'message', then: 'open-project' });
    if (browser?.kind === 'message') expect(browser.text).toContain('Type its path');
    expect(dropOutcome(files('net.onnx'), () => '')).toMatchObject({ kind: 'message', then: 'new-project' });
  });
});

/** A desktop shell double recording what the renderer tells it. */
function fakeShell(over: Partial<EdgeFrontShell> = {}) {
  let listener: ((m: AppCommandMessage) => void) | null = null;
  const calls = { unsaved: [] as boolean[], ready: 0 };
  const shell: EdgeFrontShell = {
    onCommand: (l) => {
      listener = l;
      return () => (listener = null);
    },
    setUnsavedChanges: (u) => calls.unsaved.push(u),
    ready: () => (calls.ready += 1),
    pathForFile: (file) => `/dropped/${(file as File).name}`,
    showOpenDialog: async () => '/chosen/study.edgefront',
    showSaveDialog: async () => '/chosen/copy.edgefront',
    ...over,
  };
  return { shell, calls, send: (m: unknown) => listener?.(m as AppCommandMessage) };
}

function keydown(k: string, mods: Partial<Record<'ctrlKey' | 'shiftKey', boolean>> = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: k, cancelable: true, bubbles: true, ...mods });
  window.dispatchEvent(event);
  return event;
}

function dropFiles(...names: string[]) {
  const event = new Event('drop', { cancelable: true, bubbles: true }) as DragEvent;
  const list = names.map((name) => new File(['x'], name));
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files: list, dropEffect: 'none' } });
  window.dispatchEvent(event);
  return event;
}

let wrapper: VueWrapper | null = null;
let api: FakeApi;
async function mountLayer(overrides: Parameters<typeof fakeApi>[0] = {}) {
  api = fakeApi(overrides);
  provideApi(api);
  wrapper = mount(ShellLayer, { attachTo: document.body });
  await flushPromises();
  return wrapper;
}

beforeEach(() => {
  setActivePinia(createPinia());
  unsavedChanges.value = false;
  dismissNotice();
  saveAsForm.value = { open: false, saving: false, error: null, replaceable: false };
  useNavigation().go('start');
  delete window.edgefrontShell;
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  delete window.edgefrontShell;
});

describe('browser mode (no shell)', () => {
  it('runs each shortcut once and keeps the browser from acting on it', async () => {
    await mountLayer();
    const save = vi.fn();
    const off = registerAppCommand('save', save);
    const event = keydown('s', { ctrlKey: true });
    await flushPromises();
    expect(save).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    expect(keydown('s').defaultPrevented).toBe(false);
    off();
  });

  it('says what a command without a handler would need', async () => {
    await mountLayer();
    await dispatchAppCommand('export-report');
    expect(notice.value?.text).toBe('Reports are exported from the Report view.');
    await flushPromises();
    expect(wrapper!.find('[data-testid="app-notice"]').text()).toContain('Report view');
  });

  it('Open goes to the Start view, focuses the path field and explains', async () => {
    await mountLayer();
    const field = document.createElement('input');
    field.id = 'project-path';
    document.body.appendChild(field);
    useNavigation().go('run');
    keydown('o', { ctrlKey: true });
    await flushPromises();
    expect(useNavigation().current.value).toBe('start');
    expect(document.activeElement).toBe(field);
    expect(notice.value?.text).toContain('no file dialog');
    field.remove();
  });

  it('a dropped project cannot be opened by path: the user is told to type it', async () => {
    await mountLayer({ openProject: vi.fn() });
    const event = dropFiles('study.edgefront');
    await flushPromises();
    expect(event.defaultPrevented).toBe(true);
    expect(api.openProject).not.toHaveBeenCalled();
    expect(notice.value?.text).toContain('does not tell EdgeFront where study.edgefront is');
  });

  it('Save As asks for a path, and replaces an existing file only on a second, explicit click', async () => {
    const saveProjectAs = vi.fn(async ({ path, overwrite }: { path: string; overwrite?: boolean }) => {
      if (!overwrite) throw new UserError('file-exists', `${path} already exists. Choose another name, or confirm that it should be replaced.`);
      return projectView({ path });
    });
    await mountLayer({ saveProjectAs });
    useProjectStore().project = projectView({ path: '/p/study.edgefront' });
    await dispatchAppCommand('save-as');
    await flushPromises();
    const input = wrapper!.find<HTMLInputElement>('#save-as-path');
    expect(input.element.value).toBe('/p/study-copy.edgefront');
    await input.setValue('/p/other.edgefront');
    await wrapper!.find('form.save-as').trigger('submit');
    await flushPromises();
    expect(saveProjectAs).toHaveBeenLastCalledWith({ path: '/p/other.edgefront', overwrite: false });
    expect(wrapper!.text()).toContain('already exists');
    await wrapper!.findAll('button').find((b) => b.text() === 'Replace the existing file')!.trigger('click');
    await flushPromises();
    expect(saveProjectAs).toHaveBeenLastCalledWith({ path: '/p/other.edgefront', overwrite: true });
    expect(wrapper!.find('form.save-as').exists()).toBe(false);
    expect(notice.value).toEqual({ text: 'Saved a copy as /p/other.edgefront; it is now the open project.', tone: 'success' });
    expect(useProjectStore().project?.path).toBe('/p/other.edgefront');
  });

  it('Save As refuses with unsaved edits or no project, saying why', async () => {
    await mountLayer();
    await dispatchAppCommand('save-as');
    expect(notice.value?.text).toContain('Open a project first');
    useProjectStore().project = projectView();
    unsavedChanges.value = true;
    await dispatchAppCommand('save-as');
    expect(notice.value?.text).toContain('Save or discard your edits first');
    expect(saveAsForm.value.open).toBe(false);
  });
});

describe('desktop app (with the shell)', () => {
  it('leaves shortcuts to the menu, runs the shell\'s commands and ignores malformed ones', async () => {
    const { shell, calls, send } = fakeShell();
    window.edgefrontShell = shell;
    await mountLayer();
    expect(calls.ready).toBe(1);
    const save = vi.fn();
    const off = registerAppCommand('save', save);
    expect(keydown('s', { ctrlKey: true }).defaultPrevented).toBe(false);
    send({ command: 'save', args: {} });
    send({ command: 'format-disk', args: {} });
    send({ command: 'save', args: { path: 42 } });
    await flushPromises();
    expect(save).toHaveBeenCalledTimes(1);
    off();
  });

  it('tells the shell about unsaved edits as they change', async () => {
    const { shell, calls } = fakeShell();
    window.edgefrontShell = shell;
    await mountLayer();
    unsavedChanges.value = true;
    await flushPromises();
    unsavedChanges.value = false;
    await flushPromises();
    expect(calls.unsaved).toEqual([false, true, false]);
  });

  it('opens a dropped project by its path, and a chosen one from the native dialog', async () => {
    const { shell } = fakeShell();
    window.edgefrontShell = shell;
    const openProject = vi.fn(async ({ path }: { path: string }) => projectView({ path }));
    await mountLayer({ openProject, listRecentProjects: async () => ({ projects: [], notice: null }) });
    dropFiles('study.edgefront');
    await flushPromises();
    expect(openProject).toHaveBeenLastCalledWith({ path: '/dropped/study.edgefront' });
    useNavigation().go('run');
    await dispatchAppCommand('open-project');
    expect(openProject).toHaveBeenLastCalledWith({ path: '/chosen/study.edgefront' });
    expect(useNavigation().current.value).toBe('start');
  });

  it('asks before dropping unsaved edits, and keeps them when the user says no', async () => {
    const { shell } = fakeShell();
    window.edgefrontShell = shell;
    const openProject = vi.fn(async ({ path }: { path: string }) => projectView({ path }));
    await mountLayer({ openProject });
    unsavedChanges.value = true;
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await dispatchAppCommand('open-recent', { path: '/p/a.edgefront' });
    expect(confirm).toHaveBeenCalledOnce();
    expect(openProject).not.toHaveBeenCalled();
    confirm.mockRestore();
  });

  it('Save As uses the native dialog and reports a refusal', async () => {
    const { shell } = fakeShell();
    window.edgefrontShell = shell;
    const saveProjectAs = vi.fn(async () => {
      throw new UserError('file-write', 'Could not save /chosen/copy.edgefront: the disk is full.');
    });
    await mountLayer({ saveProjectAs });
    useProjectStore().project = projectView();
    await dispatchAppCommand('save-as');
    expect(saveProjectAs).toHaveBeenCalledWith({ path: '/chosen/copy.edgefront', overwrite: true });
    expect(notice.value).toEqual({ text: 'Could not save /chosen/copy.edgefront: the disk is full.', tone: 'error' });
  });
});
