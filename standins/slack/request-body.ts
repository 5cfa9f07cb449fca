/** Parses what the Slack client posts (form-encoded, JSON or multipart) into one flat record of fields. */
import type { IncomingHttpHeaders } from 'node:http';
import { readForm } from '../http.js';

/** Fields the client sends JSON-encoded inside a form; decoded so tests can read them directly. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

export async function parseBody(raw: Buffer, headers: IncomingHttpHeaders): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  const type = String(headers['content-type'] ?? '').toLowerCase();
  let fields: Record<string, unknown>;
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    fields =
      typeof parsed === 'object' && parsed !== null
        ? { ...(parsed as Record<string, unknown>) }
        : { value: parsed };
  } else if (type.includes('multipart/form-data')) {
    // File uploads: keep text fields, describe files by name and size.
    const form = await readForm(raw, type);
    fields = {};
    for (const [k, v] of form.entries()) {
      fields[k] = typeof v === 'string' ? v : { filename: v.name, size: v.size };
    }
  } else {
    fields = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  for (const key of JSON_FIELDS) {
    const v = fields[key];
    if (typeof v === 'string') {
      try {
        fields[key] = JSON.parse(v);
      } catch {
        // leave as given
      }
    }
  }
  return fields;
}
