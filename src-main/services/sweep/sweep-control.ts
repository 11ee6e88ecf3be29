/**
 * Pause and resume of a running sweep. Pausing lets the points in flight finish (their work is
 * not thrown away) and starts no new one until resumed; cancelling is the AbortSignal's job.
 */
export class SweepControl {
  #paused = false;
  #waiters: (() => void)[] = [];
  #listeners: ((paused: boolean) => void)[] = [];

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    for (const l of this.#listeners) l(true);
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
    for (const l of this.#listeners) l(false);
  }

  /** Resolves at once when running, else when resumed. */
  whenRunning(): Promise<void> {
    return this.#paused ? new Promise((r) => this.#waiters.push(r)) : Promise.resolve();
  }

  onChange(listener: (paused: boolean) => void): void {
    this.#listeners.push(listener);
  }
}
