/** Turns an incoming HTTP request into the `RecordedRequest` tests see: decoded path, parsed body, files. */
import type { IncomingMessage } from 'node:http';
import { readBody, readForm } from '../http.js';
import type { RecordedFile, RecordedRequest } from './types.js';

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await readForm(raw, contentType);
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

/**
 * The request as recorded (status still 0), and whether it was addressed to the REST API
 * (`/api/v<n>/...`, the prefix dropped from `path`) rather than some other path.
 */
export async function recordedRequestOf(
  req: IncomingMessage,
): Promise<{ recorded: RecordedRequest; isApi: boolean }> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const rawPath = url.pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
  const apiPrefix = /^\/api\/v\d+(?=\/)/.exec(rawPath)?.[0] ?? '';
  let parsed: { body: unknown; files: RecordedFile[] };
  try {
    parsed = await parseBody(await readBody(req), req.headers['content-type']);
  } catch {
    parsed = { body: undefined, files: [] };
  }
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path: rawPath.slice(apiPrefix.length),
    query: url.searchParams,
    headers: req.headers,
    body: parsed.body,
    files: parsed.files,
    status: 0,
  };
  return { recorded, isApi: apiPrefix !== '' };
}

export function summarize(r: RecordedRequest): string {
  return `${r.method} ${r.path} -> ${r.status}`;
}
