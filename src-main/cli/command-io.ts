/** Where a command writes: stdout for results, stderr for notices and progress. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** True when stderr is a terminal (progress bars) rather than a file or pipe (plain lines). */
  readonly interactive: boolean;
}
