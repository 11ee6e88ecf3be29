/**
 * How busy the machine was while a benchmark ran, from /proc/stat: CPU time spent by everything
 * (all processes, all cores) minus the CPU time of what was being measured = the load of other
 * processes, in cores. On a shared 2-core machine this is what says whether a timing was disturbed.
 * Linux only; elsewhere `sampleCpu()` returns null and the load is reported as unknown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  readonly at: number;
  /** Seconds of CPU time spent by all processes (user, nice, system, irq, softirq), summed over cores. */
  readonly busy: number;
  /** Seconds the hypervisor ran something else on our vCPUs. */
  readonly steal: number;
}

export function sampleCpu(): CpuSample | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
    if (!line) return null;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return { at: performance.now(), busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND, steal: (steal ?? 0) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export interface ForeignLoad {
  /** Average cores used by other processes over the interval (≥ 0, clamped). */
  readonly cores: number;
  /** Average cores stolen by the hypervisor. */
  readonly steal: number;
}

/** Load of other processes between two samples, given the CPU seconds the measured work used. */
export function foreignLoad(before: CpuSample | null, after: CpuSample | null, ownCpuSeconds: number): ForeignLoad | null {
  if (!before || !after) return null;
  const wall = (after.at - before.at) / 1000;
  if (wall <= 0) return null;
  return { cores: Math.max(0, (after.busy - before.busy - ownCpuSeconds) / wall), steal: (after.steal - before.steal) / wall };
}

export function describeLoad(l: ForeignLoad | null): string {
  return l ? `${l.cores.toFixed(2)}${l.steal >= 0.05 ? ` (+${l.steal.toFixed(2)} steal)` : ''}` : 'n/a';
}

/** The 1/5/15-minute load averages, as `uptime` prints them. */
export function loadAverages(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}

/** CPU seconds (user + system) of every live process, by pid, with its command line. */
export function processCpuTimes(): Map<number, { readonly command: string; readonly seconds: number }> {
  const out = new Map<number, { command: string; seconds: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
      const command = cmdline || stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out.set(Number(pid), { command, seconds });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/**
 * The processes (other than `exclude`) that used the most CPU between two snapshots, as lines
 * "pid cpu-seconds command"; processes that started and ended in between are not seen.
 */
export function busiestBetween(
  before: Map<number, { readonly command: string; readonly seconds: number }>,
  after: Map<number, { readonly command: string; readonly seconds: number }>,
  exclude: ReadonlySet<number>,
  top = 5,
  minSeconds = 1,
): string[] {
  const used: { pid: number; seconds: number; command: string }[] = [];
  for (const [pid, a] of after) {
    if (exclude.has(pid)) continue;
    const seconds = a.seconds - (before.get(pid)?.seconds ?? 0);
    if (seconds >= minSeconds) used.push({ pid, seconds, command: a.command });
  }
  return used
    .sort((x, y) => y.seconds - x.seconds)
    .slice(0, top)
    .map((u) => `${String(u.pid).padStart(7)} ${u.seconds.toFixed(1).padStart(7)} s  ${u.command.slice(0, 100)}`);
}

/**
 * Waits until other processes use less than `maxCores` for `windowSeconds` in a row (this process
 * being idle meanwhile), or `timeoutSeconds` have passed. Returns the load of the last window and
 * the seconds waited; null load when /proc/stat cannot be read.
 */
export async function waitForQuiet(
  maxCores: number,
  windowSeconds = 5,
  timeoutSeconds = 600,
): Promise<{ load: ForeignLoad | null; waited: number }> {
  const started = performance.now();
  for (;;) {
    const cpu0 = process.cpuUsage();
    const s0 = sampleCpu();
    await new Promise((r) => setTimeout(r, windowSeconds * 1000));
    const own = process.cpuUsage(cpu0);
    const load = foreignLoad(s0, sampleCpu(), (own.user + own.system) / 1e6);
    const waited = (performance.now() - started) / 1000;
    if (!load || load.cores < maxCores || waited >= timeoutSeconds) return { load, waited };
  }
}
