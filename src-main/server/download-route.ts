/**
 * GET /download/<id>: a report the GUI exported, offered as a file download. Only ids the backend
 * handed out for files it wrote are served (never a path from the request), and only after the
 * same access checks as every other route (token, Host, Origin; see access-guard.ts).
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

export const DOWNLOAD_PREFIX = '/download/';

export interface DownloadableFile {
  readonly path: string;
  readonly fileName: string;
  readonly contentType: string;
}

/** The exported file of a download id, or null. */
export type DownloadLookup = (id: string) => DownloadableFile | null;

/** Content-Disposition with an ASCII fallback name and the exact name in RFC 5987 form. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]+/g, '_') || 'report';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export type DownloadOutcome =
  | { readonly ok: true; readonly headers: Record<string, string>; readonly body: Buffer }
  | { readonly ok: false; readonly status: 404 | 410; readonly message: string };

/** What to answer for the URL path `path` (which starts with DOWNLOAD_PREFIX). */
export async function downloadFor(path: string, lookup: DownloadLookup): Promise<DownloadOutcome> {
  const id = path.slice(DOWNLOAD_PREFIX.length);
  const file = /^[0-9a-f]{32}$/.test(id) ? lookup(id) : null;
  if (!file) return { ok: false, status: 404, message: 'No such export: export the report again from the Report view.' };
  let body: Buffer;
  try {
    body = await readFile(file.path);
  } catch {
    return { ok: false, status: 410, message: `${file.path} is no longer there: export the report again from the Report view.` };
  }
  return { ok: true, body, headers: { 'Content-Type': file.contentType, 'Content-Length': String(body.length), 'Content-Disposition': attachmentDisposition(file.fileName) } };
}

export function isDownloadPath(path: string): boolean {
  return path.startsWith(DOWNLOAD_PREFIX);
}

/** Writes the outcome (headers merged over the server's security headers). */
export function sendDownload(res: ServerResponse, outcome: Extract<DownloadOutcome, { ok: true }>, securityHeaders: Record<string, string>, head: boolean): void {
  res.writeHead(200, { ...securityHeaders, ...outcome.headers });
  res.end(head ? undefined : outcome.body);
}
