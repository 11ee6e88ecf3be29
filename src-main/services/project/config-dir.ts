/**
 * Where EdgeFront keeps per-user state (the recent projects list): an explicit folder (the
 * `--config-dir` flag), else $EDGEFRONT_CONFIG_DIR, else $XDG_CONFIG_HOME/edgefront, else
 * ~/.config/edgefront. The desktop shell may pass its own (Electron's userData folder).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveConfigDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (explicit) return resolve(explicit);
  if (env.EDGEFRONT_CONFIG_DIR) return resolve(env.EDGEFRONT_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return join(resolve(env.XDG_CONFIG_HOME), 'edgefront');
  return join(home, '.config', 'edgefront');
}
