/**
 * Files the desktop app is asked to open from outside: on its command line (a double-click in a
 * file manager, `edgefront-app study.edgefront`), from a second launch while it runs, or through
 * macOS's open-file event. A project opens; a model starts a new project.
 */
import { extname, resolve } from 'node:path';
import type { AppCommandMessage } from '../../src-shared/api/shell-api.js';

export type OpenableKind = 'project' | 'model';

export function openableKind(path: string): OpenableKind | null {
  switch (extname(path).toLowerCase()) {
    case '.edgefront':
      return 'project';
    case '.onnx':
      return 'model';
    default:
      return null;
  }
}

export interface ArgvContext {
  /**
   * True when run as `electron <app path> …` (development: argv[1] is the app) rather than as the
   * packaged executable (electron's `process.defaultApp`).
   */
  readonly isDefaultApp: boolean;
  /** The folder relative paths are resolved against (the second instance's, for a second launch). */
  readonly cwd: string;
}

/** The first project or model file named on a command line, as an absolute path; null if none. */
export function fileToOpenFromArgv(argv: readonly string[], context: ArgvContext): string | null {
  const args = argv.slice(context.isDefaultApp ? 2 : 1);
  for (const arg of args) {
    // Chromium and Electron switches (--allow-file-access…, -psn_… on old macOS) are not files.
    if (arg.startsWith('-')) continue;
    if (openableKind(arg)) return resolve(context.cwd, arg);
  }
  return null;
}

/** The app command that opens `path`, or null for a file the app does not open. */
export function commandForFile(path: string): AppCommandMessage | null {
  switch (openableKind(path)) {
    case 'project':
      return { command: 'open-project', args: { path } };
    case 'model':
      return { command: 'new-project', args: { path } };
    default:
      return null;
  }
}
