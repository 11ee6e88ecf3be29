/** Runtime schemas of the requests the renderer sends (every one is validated by the backend). */
import { z } from 'zod';

/** Methods that take no arguments still receive `{}` over a transport, and nothing else. */
export const emptyRequestSchema = z.object({}).strict();

export const openProjectRequestSchema = z
  .object({
    /** Path of a `.edgefront` file on the machine the backend runs on (absolute, or relative to its working folder). */
    path: z.string().trim().min(1, 'give the path of a .edgefront project file').max(4096, 'a path is at most 4,096 characters'),
  })
  .strict();

/** Largest test-sample limit accepted (larger than any dataset EdgeFront loads into memory). */
export const MAX_SAMPLE_LIMIT = 100_000_000;

export const startSweepRequestSchema = z
  .object({
    /**
     * Evaluate on the first N test samples (saved in the project as `split.test.limit`, since a
     * result is only reused at the same test-set size); null = the whole test set; absent = keep
     * the project's setting.
     */
    sampleLimit: z.number().int().min(1, 'the sample limit is at least 1').max(MAX_SAMPLE_LIMIT).nullable().optional(),
    /** Keep the finished points an interrupted sweep left in the results log and continue. */
    resume: z.boolean().optional(),
  })
  .strict();

export type EmptyRequest = z.input<typeof emptyRequestSchema>;
export type OpenProjectRequest = z.input<typeof openProjectRequestSchema>;
export type StartSweepRequest = z.input<typeof startSweepRequestSchema>;
