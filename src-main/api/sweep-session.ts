/**
 * One sweep run on behalf of the API: runs the orchestrator in the background with its pause
 * control and abort signal, folds its events into a SweepStatus (the same reducer the renderer
 * uses) and publishes every change. `started` settles once the sweep is under way (its inputs
 * checked and its pool up) or has failed before that.
 */
import type { ApiEvent } from '../../src-shared/api/api-events.js';
import { applySweepEvent, failedSweepStatus, startingSweepStatus, type SweepStatus } from '../../src-shared/api/sweep-status.js';
import { serializeError } from '../../src-shared/errors.js';
import { runSweep, type SweepSummary } from '../services/sweep/orchestrator.js';
import { SweepControl } from '../services/sweep/sweep-control.js';

export interface SweepSessionOptions {
  readonly projectPath: string;
  readonly workers: number;
  readonly resume: boolean;
  readonly workerScript?: string;
  readonly publish: (event: ApiEvent) => void;
  /** The next revision of the sweep status (revisions grow across sessions: sweep-status.ts). */
  readonly nextRevision: () => number;
}

export class SweepSession {
  readonly projectPath: string;
  /** Resolves when the orchestrator reports 'start'; rejects when it fails before that. */
  readonly started: Promise<void>;
  /** Settles when the sweep is over (whatever the outcome); never rejects. */
  readonly finished: Promise<SweepSummary | null>;
  #status: SweepStatus;
  readonly #control = new SweepControl();
  readonly #abort = new AbortController();
  readonly #publish: (event: ApiEvent) => void;
  readonly #nextRevision: () => number;

  constructor(options: SweepSessionOptions) {
    this.projectPath = options.projectPath;
    this.#publish = options.publish;
    const nextRevision = (this.#nextRevision = options.nextRevision);
    this.#status = startingSweepStatus(options.projectPath, nextRevision());
    this.#publish({ kind: 'sweep-status', status: this.#status });
    let markStarted!: () => void;
    let failStart!: (err: unknown) => void;
    let hasStarted = false;
    this.started = new Promise<void>((resolve, reject) => {
      markStarted = resolve;
      failStart = reject;
    });
    // Callers await `started`; an unobserved rejection here would only be a duplicate report.
    this.started.catch(() => undefined);
    const run = runSweep({
      projectPath: options.projectPath,
      workers: options.workers,
      resume: options.resume,
      workerScript: options.workerScript,
      signal: this.#abort.signal,
      control: this.#control,
      onEvent: (event) => {
        this.#status = { ...applySweepEvent(this.#status, event), revision: nextRevision() };
        this.#publish({ kind: 'sweep-event', event, revision: this.#status.revision });
        if (event.type === 'start' && !hasStarted) {
          hasStarted = true;
          markStarted();
        }
      },
    });
    this.finished = run.then(
      (summary) => summary,
      (err: unknown) => {
        this.#status = { ...failedSweepStatus(this.#status, serializeError(err)), revision: nextRevision() };
        this.#publish({ kind: 'sweep-status', status: this.#status });
        if (!hasStarted) failStart(err);
        return null;
      },
    );
  }

  get status(): SweepStatus {
    return this.#status;
  }

  pause(): void {
    this.#control.pause();
  }

  resume(): void {
    this.#control.resume();
  }

  /** Asks the orchestrator to stop; the points in flight are abandoned, finished ones saved. */
  cancel(): void {
    if (this.#abort.signal.aborted) return;
    this.#status = { ...this.#status, phase: 'cancelling', revision: this.#nextRevision() };
    this.#publish({ kind: 'sweep-status', status: this.#status });
    this.#abort.abort();
  }
}
