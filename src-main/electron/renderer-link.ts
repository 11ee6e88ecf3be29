/**
 * What the main process knows of the renderer and sends it: app commands wait in a queue until
 * the renderer says its handlers are registered (a file on the command line arrives before the
 * page has loaded), and the renderer's last word on unsaved changes is kept for the close prompt.
 * The renderer pushes that state on every change rather than being asked at close time, so a
 * busy or hung page cannot block closing the window.
 */
import { IPC_CHANNELS } from '../../src-shared/api/ipc-channels.js';
import type { AppCommandMessage } from '../../src-shared/api/shell-api.js';

export class RendererLink {
  private ready = false;
  private readonly queue: AppCommandMessage[] = [];
  private unsaved = false;

  /** `send` delivers a message to the window's renderer (or drops it if the window is gone). */
  constructor(private readonly send: (channel: string, message: AppCommandMessage) => void) {}

  command(message: AppCommandMessage): void {
    if (this.ready) this.send(IPC_CHANNELS.command, message);
    else this.queue.push(message);
  }

  rendererReady(): void {
    this.ready = true;
    for (const message of this.queue.splice(0)) this.send(IPC_CHANNELS.command, message);
  }

  /** The page is (re)loading: its handlers are gone and so is any unsaved edit it held. */
  rendererReloading(): void {
    this.ready = false;
    this.unsaved = false;
  }

  setUnsavedChanges(unsaved: boolean): void {
    this.unsaved = unsaved;
  }

  get unsavedChanges(): boolean {
    return this.unsaved;
  }
}
