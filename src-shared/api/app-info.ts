/** What the backend tells the renderer about itself before anything is opened. */
import { z } from 'zod';

export const appInfoSchema = z
  .object({
    /** EdgeFront's version (package.json). */
    version: z.string(),
    /** How the renderer reaches the services: the loopback server of `edgefront serve`, or Electron IPC. */
    transport: z.enum(['browser', 'electron']),
    /** The bundled demo project exists, so "Open the demo" can work. */
    demoAvailable: z.boolean(),
    /** Where the demo's working copy lives (created on first open). */
    demoPath: z.string(),
    /** Worker threads a sweep uses. */
    workers: z.number().int().min(1),
  })
  .strict();

/** What the backend tells the renderer about itself. */
export type AppInfo = z.infer<typeof appInfoSchema>;
