import { isUtf8 } from 'node:buffer';
import { tooBigMessage } from '../core/read-file.js';
import { pick } from './fields.js';
import { boundedLines } from './guard.js';
import { plainToBody } from './text.js';
import type { FieldMap, ReadItem } from './types.js';

/** Keys under which exports commonly wrap their list of records. */
const LIST_KEYS = ['records', 'articles', 'items', 'data', 'results', 'documents', 'docs'];

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  // Some exports keep paragraphs as a list.
  if (Array.isArray(v)) return v.filter((p) => typeof p === 'string').join('\n\n');
  return '';
}

/** One JSON value as a record, or why it is not one. */
export function recordFromJson(
  value: unknown,
  origin: string,
  file: string,
  fields: FieldMap,
  bytes: number,
): ReadItem {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { bytes, origin, reject: 'record is not a JSON object' };
  }
  const obj = value as Record<string, unknown>;
  const text = pick(obj, fields.text);
  if (text !== undefined && typeof text !== 'string' && !Array.isArray(text)) {
    return { bytes, origin, reject: `field "${fields.text.join('|')}" is not text` };
  }
  return {
    bytes,
    record: {
      origin,
      file,
      title: pick(obj, fields.title),
      date: pick(obj, fields.date),
      source: pick(obj, fields.source),
      url: pick(obj, fields.url),
      author: pick(obj, fields.author),
      tags: pick(obj, fields.tags),
      body: plainToBody(textOf(text)),
    },
  };
}

/** A .json file: an array of records, an object wrapping one (`{ "articles": [...] }`), or one record. */
export function* readJson(file: string, content: string, fields: FieldMap): Generator<ReadItem> {
  const bytes = Buffer.byteLength(content);
  let value: unknown;
  try {
    value = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (err) {
    yield { bytes, origin: file, reject: `not valid JSON: ${(err as Error).message}` };
    return;
  }
  let list: unknown[] | undefined = Array.isArray(value) ? value : undefined;
  if (!list && value && typeof value === 'object') {
    const key = LIST_KEYS.find((k) => Array.isArray((value as Record<string, unknown>)[k]));
    if (key) list = (value as Record<string, unknown[]>)[key];
  }
  if (!list) {
    yield recordFromJson(value, file, file, fields, bytes);
    return;
  }
  // Progress is by bytes; spread the file's size over its records.
  const share = list.length ? bytes / list.length : bytes;
  if (list.length === 0) yield { bytes, origin: file, reject: 'no records in the file' };
  for (const [i, item] of list.entries()) yield recordFromJson(item, `${file}#${i + 1}`, file, fields, share);
}

/**
 * A .jsonl / .ndjson file, streamed line by line so a large export never sits in memory at once; a line
 * over `maxLineBytes` is refused without being held whole.
 */
export async function* readJsonl(
  file: string,
  fields: FieldMap,
  maxLineBytes: number,
): AsyncGenerator<ReadItem> {
  for await (const read of boundedLines(file, maxLineBytes)) {
    const { n } = read;
    const bytes = read.size + 1;
    if ('tooLong' in read) {
      const what = 'one JSON record (MAX_JSON_IMPORT_BYTES)';
      yield {
        bytes,
        origin: `${file}:${n}`,
        reject: `line ${n} ${tooBigMessage(read.size, maxLineBytes, what)}`,
      };
      continue;
    }
    if (!isUtf8(read.bytes)) {
      yield { bytes, origin: `${file}:${n}`, reject: `line ${n} is not UTF-8 text` };
      continue;
    }
    const line = read.bytes.toString('utf8');
    const trimmed = n === 1 ? line.replace(/^\uFEFF/, '').trim() : line.trim();
    if (!trimmed) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      yield { bytes, origin: `${file}:${n}`, reject: `bad JSON on line ${n}: ${(err as Error).message}` };
      continue;
    }
    yield recordFromJson(value, `${file}:${n}`, file, fields, bytes);
  }
}
