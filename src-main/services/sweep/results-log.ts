/**
 * The sweep's append-only results log, `NAME.results.jsonl` beside the project file: one JSON line
 * per finished point (a result, or a failure with its error), each followed by an fsync, so a crash
 * or `kill -9` loses at most the point that was being written. The project file itself is rewritten
 * (atomically) only when a sweep ends or is cancelled; `--resume` merges whatever the log holds.
 *
 * A line cut short by a crash is the only damage a log can carry: it is ignored on reading and cut
 * off before the next append, so the log stays one JSON document per line.
 */
import { open, readFile, rm, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { deployConfigSchema } from '../../../src-shared/deploy-config.js';
import { deployTargetSchema } from '../../../src-shared/deploy-target.js';
import { UserError } from '../../../src-shared/errors.js';
import { projectResultSchema, type ProjectResult } from '../../../src-shared/project-file.js';

export const pointFailureSchema = z
  .object({
    failure: z.literal(true),
    key: z.string(),
    config: deployConfigSchema,
    target: deployTargetSchema,
    error: z.object({ code: z.string(), message: z.string() }).strict(),
    failedAt: z.string(),
  })
  .strict();
export type PointFailure = z.infer<typeof pointFailureSchema>;

export type LogEntry = ProjectResult | PointFailure;

export function isFailure(e: LogEntry): e is PointFailure {
  return (e as PointFailure).failure === true;
}

/** `study.edgefront` → `study.results.jsonl` in the same folder. */
export function resultsLogPath(projectPath: string): string {
  const name = basename(projectPath).replace(/\.edgefront$/i, '');
  return join(dirname(projectPath), `${name}.results.jsonl`);
}

export interface LogContents {
  readonly entries: LogEntry[];
  /** Bytes of whole, valid lines: where the next append must start. */
  readonly validBytes: number;
  /** A damaged (torn) last line was found and will be dropped. */
  readonly tornTail: boolean;
}

/** Reads a log; a missing log is empty. A bad line before the last is a real corruption and is refused. */
export async function readResultsLog(path: string): Promise<LogContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return { entries: [], validBytes: 0, tornTail: false };
    throw new UserError('results-log-read', `The sweep results log ${path} cannot be read (${(err as Error).message}).`, { file: path });
  }
  const entries: LogEntry[] = [];
  let offset = 0;
  let validBytes = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const isLast = i === lines.length - 1;
    const lineBytes = Buffer.byteLength(line, 'utf8') + (isLast ? 0 : 1);
    if (line.trim() === '') {
      offset += lineBytes;
      if (!isLast) validBytes = offset;
      continue;
    }
    const entry = isLast ? null : parseEntry(line);
    if (entry === null) {
      // Only the final line may be damaged (a crash while appending): a line without its newline,
      // or the last complete line failing to parse after a crash, is dropped.
      const onlyTailLeft = lines.slice(i + 1).every((l) => l.trim() === '');
      if (onlyTailLeft) return { entries, validBytes, tornTail: true };
      throw new UserError(
        'results-log-corrupt',
        `Line ${i + 1} of the sweep results log ${path} is not a valid result. The log is append-only, so this is outside damage: move the file away to start the sweep afresh (finished points saved in the project are kept).`,
        { file: path, line: i + 1 },
      );
    }
    entries.push(entry);
    offset += lineBytes;
    validBytes = offset;
  }
  return { entries, validBytes, tornTail: false };
}

function parseEntry(line: string): LogEntry | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const failure = pointFailureSchema.safeParse(json);
  if (failure.success) return failure.data;
  const result = projectResultSchema.safeParse(json);
  return result.success ? result.data : null;
}

/** An open log for appending; every append is on disk (fsync) before it resolves. */
export class ResultsLog {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens (creating) the log, first cutting off a torn last line left by a crash. */
  static async open(path: string, contents?: LogContents): Promise<ResultsLog> {
    const existing = contents ?? (await readResultsLog(path));
    if (existing.tornTail) await truncate(path, existing.validBytes);
    try {
      return new ResultsLog(path, await open(path, 'a'));
    } catch (err) {
      throw new UserError('results-log-open', `The sweep results log ${path} cannot be written (${(err as Error).message}). Check the folder's permissions and free space.`, { file: path });
    }
  }

  async append(entry: LogEntry): Promise<void> {
    try {
      await this.handle.write(`${JSON.stringify(entry)}\n`);
      await this.handle.sync();
    } catch (err) {
      const code = (err as { code?: string }).code;
      const why = code === 'ENOSPC' ? 'the disk is full' : (err as Error).message;
      throw new UserError('results-log-write', `A finished point could not be saved to ${this.path}: ${why}. Free some space and run the sweep again with --resume.`, { file: this.path, cause: code });
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

export async function removeResultsLog(path: string): Promise<void> {
  await rm(path, { force: true });
}
