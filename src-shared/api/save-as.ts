/**
 * "Save As" of the open project: a copy under a new path with its input paths rebased for the new
 * folder (the model and data are not copied), which then becomes the open project.
 */
import { z } from 'zod';
import { PROJECT_EXTENSION } from '../project-file.js';

export const saveProjectAsRequestSchema = z
  .object({
    /** Where the copy goes: a `.edgefront` path on the backend's machine (absolute, or relative to its working folder). */
    path: z
      .string()
      .trim()
      .min(1, 'give the path the copy should be saved to')
      .max(4096, 'a path is at most 4,096 characters')
      .refine((p) => p.toLowerCase().endsWith(PROJECT_EXTENSION), `a project file name ends in ${PROJECT_EXTENSION}`),
    /** Replace a different project file that already exists at `path` (a native save dialog has already asked). */
    overwrite: z.boolean().optional(),
  })
  .strict();

export type SaveProjectAsRequest = z.input<typeof saveProjectAsRequestSchema>;
