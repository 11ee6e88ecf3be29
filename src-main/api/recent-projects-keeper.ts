/**
 * The backend's hold on the recent projects list: remembers every project opened (the one hook is
 * BackendApi's `open`), and keeps the one-time notice of a corrupt or unwritable list until the
 * Start view asks for the list. Without a config folder nothing is remembered, and it says so.
 */
import type { RecentProjects } from '../../src-shared/api/start-requests.js';
import { forgetProject, readRecentProjects, rememberProject } from '../services/project/recent-projects.js';

export class RecentProjectsKeeper {
  readonly #configDir: string | undefined;
  #notice: string | null = null;
  readonly #note = (message: string) => {
    this.#notice = this.#notice === null ? message : `${this.#notice} ${message}`;
  };

  constructor(configDir: string | undefined) {
    this.#configDir = configDir;
  }

  /** Puts an opened project at the top; a failure to write the list never fails the opening. */
  async remember(path: string, name: string): Promise<void> {
    if (this.#configDir === undefined) return;
    try {
      await rememberProject(this.#configDir, path, name, { onNotice: this.#note });
    } catch (err) {
      this.#note(`The project was opened, but the recent projects list could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async list(): Promise<RecentProjects> {
    if (this.#configDir === undefined) {
      return { projects: [], notice: 'Recent projects are not kept: this backend was started without a config folder.' };
    }
    const projects = await readRecentProjects(this.#configDir, { onNotice: this.#note });
    return { projects, notice: this.#take() };
  }

  async forget(path: string): Promise<RecentProjects> {
    if (this.#configDir === undefined) return this.list();
    const projects = await forgetProject(this.#configDir, path, { onNotice: this.#note });
    return { projects, notice: this.#take() };
  }

  #take(): string | null {
    const n = this.#notice;
    this.#notice = null;
    return n;
  }
}
