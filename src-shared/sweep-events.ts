/**
 * What a running sweep reports (the orchestrator in src-main/services/sweep, shown by the CLI's
 * progress bar and by the GUI's Run view through the typed API). Plain JSON-safe data.
 */

export interface SweepSlot {
  /** Slot index 0 … workers−1: a point in flight occupies one slot (one worker's queue). */
  readonly slot: number;
  /** The point being evaluated there, or null when the slot is idle. */
  readonly label: string | null;
  readonly key: string | null;
}

export type SweepEvent =
  | { readonly type: 'start'; readonly total: number; readonly cached: number; readonly workers: number; readonly strategy: string }
  | { readonly type: 'notice'; readonly message: string }
  | { readonly type: 'point-start'; readonly key: string; readonly label: string; readonly slot: number }
  | {
      readonly type: 'point-done';
      readonly key: string;
      readonly label: string;
      /** true when the point was found in the project's results or the log, not evaluated now. */
      readonly cached: boolean;
      readonly accuracy: number;
      readonly weightBytes: number;
      readonly energyJoules: number;
      readonly seconds: number;
    }
  | { readonly type: 'point-failed'; readonly key: string; readonly label: string; readonly code: string; readonly message: string }
  | {
      readonly type: 'progress';
      readonly done: number;
      readonly total: number;
      /** Seconds left at the current rate; null until a point has been evaluated. */
      readonly etaSeconds: number | null;
      readonly slots: readonly SweepSlot[];
    }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | {
      readonly type: 'finished';
      readonly status: 'completed' | 'cancelled';
      readonly evaluated: number;
      readonly cached: number;
      readonly failed: number;
      readonly seconds: number;
    };
