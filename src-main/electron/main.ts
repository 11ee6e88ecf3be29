/**
 * The desktop app's main process (bundled to dist/electron/main.js). Thin by design: it creates
 * the one locked-down window, serves the built renderer on edgefront://app/, routes IPC to the
 * same EdgeFrontApi object browser mode serves, and adds what only a desktop shell has — the
 * menu, native dialogs, Open Recent, single instance, files opened from outside, the close
 * prompt and the window's remembered place. Everything with logic lives in the modules beside
 * this one, which take Electron's objects as parameters and are unit-tested without Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type WebContents } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCommandMessage } from '../../src-shared/api/shell-api.js';
import { isSweepActive } from '../../src-shared/api/sweep-status.js';
import { createBackendApi } from '../api/backend-api.js';
import { defaultWorkerCount } from '../services/evaluation-service.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_START_URL, appResponse } from './app-protocol.js';
import { closeQuestion, openDialogOptions, pathFromOpenDialog, pathFromSaveDialog, saveDialogOptions } from './dialogs.js';
import { forwardApiEvents, registerIpcHandlers } from './ipc-handlers.js';
import { buildMenuTemplate } from './menu-template.js';
import { commandForFile, fileToOpenFromArgv } from './open-file-args.js';
import { RendererLink } from './renderer-link.js';
import { loadWindowState, MIN_WINDOW_SIZE, placeWindow, saveWindowState, windowStateOf, type WindowState } from './window-state.js';
import { navigationAllowed, permissionAllowed, secureWebPreferences, windowOpenDecision } from './window-security.js';

/** dist/ (this file is dist/electron/main.js) and the application folder above it. */
const DIST_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const APP_ROOT = join(DIST_DIR, '..');

/** API methods after which the recent projects list may have changed. */
const RECENT_CHANGING_METHODS = new Set(['openProject', 'openDemo', 'saveProjectAs', 'createNewProject', 'forgetRecentProject']);

let mainWindow: BrowserWindow | null = null;
const link = new RendererLink((channel, message) => {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, message);
});
const openFile = (path: string) => {
  const command = commandForFile(path);
  if (command) link.command(command);
};

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

// macOS delivers files opened from Finder (or dropped on the Dock icon) this way, possibly before ready.
app.on('open-file', (event, path) => {
  event.preventDefault();
  openFile(path);
});

if (!app.requestSingleInstanceLock()) {
  // Another EdgeFront is running: it receives our command line through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const file = fileToOpenFromArgv(argv, { isDefaultApp: process.defaultApp === true, cwd: workingDirectory });
    if (file) openFile(file);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  const initial = fileToOpenFromArgv(process.argv, { isDefaultApp: process.defaultApp === true, cwd: process.cwd() });
  if (initial) openFile(initial);
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fail(err));
}

function fail(err: unknown): void {
  dialog.showErrorBox('EdgeFront could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const stateFile = join(userData, 'window-state.json');
  const pendingWrites = new Set<Promise<void>>();
  const write = (what: string, promise: Promise<void>) => {
    const tracked = promise.catch((err: unknown) => console.error(`EdgeFront: could not save ${what}: ${err instanceof Error ? err.message : String(err)}`));
    pendingWrites.add(tracked);
    void tracked.finally(() => pendingWrites.delete(tracked));
  };

  const api = createBackendApi({
    version: app.getVersion(),
    transport: 'electron',
    demoExample: join(APP_ROOT, 'assets', 'examples', 'fashion-mnist.edgefront'),
    demoDir: join(app.getPath('documents'), 'EdgeFront'),
    // The backend keeps the recent projects list there (the Start view and File → Open Recent show it).
    configDir: userData,
    workers: defaultWorkerCount(),
    workerScript: join(DIST_DIR, 'worker.js'),
  });

  const ses = session.defaultSession;
  ses.protocol.handle(APP_SCHEME, (request) => appResponse(join(DIST_DIR, 'renderer'), request));
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));

  let recent: { path: string; exists: boolean }[] = [];
  const refreshRecent = async () => {
    try {
      const list = await api.listRecentProjects();
      if (recent[0]?.path !== list.projects[0]?.path && list.projects[0]) app.addRecentDocument(list.projects[0].path);
      recent = list.projects.map(({ path, exists }) => ({ path, exists }));
      setMenu();
    } catch (err) {
      console.error(`EdgeFront: could not read the recent projects: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const actions = {
    command: (message: AppCommandMessage) => link.command(message),
    clearRecent: () => {
      app.clearRecentDocuments();
      void Promise.all(recent.map(({ path }) => api.forgetRecentProject({ path }))).finally(() => void refreshRecent());
    },
    showAbout: () => {
      const options = {
        type: 'info' as const,
        title: 'About EdgeFront',
        message: `EdgeFront ${app.getVersion()}`,
        detail: `Design-space exploration of neural networks for edge deployment.\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node.js ${process.versions.node}.`,
      };
      void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
    },
    openDocumentation: () => {
      const readme = join(APP_ROOT, 'README.md');
      void shell.openPath(readme).then((error) => {
        if (error) dialog.showErrorBox('Could not open the documentation', `${readme}: ${error}`);
      });
    },
  };
  const setMenu = () => Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, recent, development: !app.isPackaged, actions })));
  setMenu();
  await refreshRecent();

  registerIpcHandlers({
    ipcMain,
    api,
    expectedSender: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
    // An opening is remembered once it has finished, so Open Recent is refreshed after the call, not on its event.
    afterApiCall: (method, reply) => {
      if (reply.ok && typeof method === 'string' && RECENT_CHANGING_METHODS.has(method)) void refreshRecent();
    },
    onRefused: (channel, reason) => console.warn(`EdgeFront: refused IPC on ${channel} (${reason}).`),
    shell: {
      showOpenDialog: async (request) => (mainWindow ? pathFromOpenDialog(await dialog.showOpenDialog(mainWindow, openDialogOptions(request))) : null),
      showSaveDialog: async (request) => (mainWindow ? pathFromSaveDialog(await dialog.showSaveDialog(mainWindow, saveDialogOptions(request))) : null),
      setUnsavedChanges: (unsaved) => {
        link.setUnsavedChanges(unsaved);
        mainWindow?.setDocumentEdited(unsaved);
      },
      rendererReady: () => link.rendererReady(),
    },
  });

  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const placement = placeWindow(await loadWindowState(stateFile), [screen.getPrimaryDisplay().workArea, ...displays]);
  const win = new BrowserWindow({
    x: placement.x,
    y: placement.y,
    width: placement.width,
    height: placement.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'EdgeFront',
    show: false,
    webPreferences: secureWebPreferences(join(DIST_DIR, 'electron', 'preload.cjs')),
  });
  mainWindow = win;
  if (placement.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  lockDown(win.webContents);
  const stopForwarding = forwardApiEvents(api, (channel, event) => {
    if (!win.isDestroyed()) win.webContents.send(channel, event);
  });

  let closeConfirmed = false;
  let lastState: WindowState | null = null;
  win.on('close', (event) => {
    lastState = windowStateOf(win.getNormalBounds(), win.isMaximized());
    if (closeConfirmed) return;
    event.preventDefault();
    void (async () => {
      const status = await api.getSweepStatus();
      const question = closeQuestion({ unsavedChanges: link.unsavedChanges, sweepRunning: isSweepActive(status.phase) });
      if (question && (await dialog.showMessageBox(win, question)).response !== 0) return;
      closeConfirmed = true;
      win.close();
    })();
  });
  win.on('closed', () => {
    mainWindow = null;
    stopForwarding();
    if (lastState) write('the window position', saveWindowState(stateFile, lastState));
  });

  let disposed = false;
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Cancel a running sweep (its finished points are saved) and finish writing before exiting.
    event.preventDefault();
    void api
      .dispose()
      .then(() => Promise.all([...pendingWrites]))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });

  // `npm start` passes --open-demo: the app opens on the demo, as browser mode's `serve --open-demo` does.
  if (process.argv.includes('--open-demo')) {
    await api.openDemo().catch((err: unknown) => console.error(`EdgeFront: could not open the demo: ${err instanceof Error ? err.message : String(err)}`));
    await refreshRecent();
  }
  await win.loadURL(APP_START_URL);
}

/** The page may not navigate away, open windows, embed webviews or be granted permissions. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('did-start-loading', () => link.rendererReloading());
}
