// Types of scripts/start.mjs's decision functions, for its unit test.
export type ElectronStatus = { kind: 'ready'; executable: string } | { kind: 'no-binary' | 'no-package'; reason: string };
export type LaunchPlan = { mode: 'electron'; executable: string } | { mode: 'fetch' } | { mode: 'browser'; reason: string };
export interface StatusFs {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: 'utf8'): string;
}
export function electronStatus(root: string, env?: NodeJS.ProcessEnv, fs?: StatusFs): ElectronStatus;
export function decideLaunch(input: { status: ElectronStatus; args: readonly string[]; env: NodeJS.ProcessEnv; platform: NodeJS.Platform; fetchTried: boolean }): LaunchPlan;
export function launchCommand(plan: LaunchPlan, context: { root: string; nodePath: string; isRoot: boolean }): { command: string; args: string[] };
