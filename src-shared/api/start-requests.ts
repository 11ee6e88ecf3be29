/**
 * The Start view's requests and answers: the recent projects list (kept by the backend in the
 * user's config folder) and a new project from an ONNX model and a dataset.
 */
import { z } from 'zod';

const pathField = (what: string) =>
  z.string().trim().min(1, `give the path of ${what}`).max(4096, 'a path is at most 4,096 characters');

export const recentProjectSchema = z
  .object({
    /** Absolute path of the project file. */
    path: z.string(),
    name: z.string(),
    /** ISO 8601 time it was last opened. */
    openedAt: z.string(),
    /** False when the file is gone (moved, deleted, on an unplugged drive): listed, marked, until removed. */
    exists: z.boolean(),
  })
  .strict();

export const recentProjectsSchema = z
  .object({
    projects: z.array(recentProjectSchema),
    /** Said once: the stored list was corrupt and was set aside, or could not be read. */
    notice: z.string().nullable(),
  })
  .strict();

export const forgetRecentProjectRequestSchema = z.object({ path: pathField('the project to remove from the list') }).strict();

export const createNewProjectRequestSchema = z
  .object({
    /** The ONNX model on the machine the backend runs on. */
    modelPath: pathField('an ONNX model (.onnx)'),
    /** Samples file (IDX, NPY, NPZ) or image folder. */
    datasetPath: pathField('a dataset (IDX, NPY, NPZ file or image folder)'),
    /** Labels file; IDX datasets find their MNIST-named sibling when it is left out. */
    labelsPath: pathField('a labels file').optional(),
    /** Where to write the new `.edgefront` file; an existing file is never replaced. */
    projectPath: pathField('the new .edgefront project file'),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type RecentProject = z.infer<typeof recentProjectSchema>;
export type RecentProjects = z.infer<typeof recentProjectsSchema>;
export type ForgetRecentProjectRequest = z.input<typeof forgetRecentProjectRequestSchema>;
export type CreateNewProjectRequest = z.input<typeof createNewProjectRequestSchema>;
