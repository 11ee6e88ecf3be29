/**
 * Reports the GUI has exported, by a random id: browser mode's download route serves only these,
 * so the page can fetch what it just wrote and nothing else on the disk.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { ExportFormat } from '../../src-shared/api/report-export.js';

export interface ExportedFile {
  readonly path: string;
  /** The name offered to the browser's download. */
  readonly fileName: string;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** How many exports stay downloadable (the oldest is forgotten first). */
const KEPT = 50;

export class ExportedFiles {
  readonly #files = new Map<string, ExportedFile>();

  /** Registers a written report; returns its download id. */
  add(path: string, format: ExportFormat): string {
    const id = randomBytes(16).toString('hex');
    this.#files.set(id, { path, fileName: basename(path), contentType: CONTENT_TYPES[format] });
    if (this.#files.size > KEPT) this.#files.delete(this.#files.keys().next().value!);
    return id;
  }

  get(id: string): ExportedFile | null {
    return this.#files.get(id) ?? null;
  }
}
