import path from 'node:path';
import type { ArticleMeta } from '../core/types.js';
import { dateFromFileName, normalizeDate } from './dates.js';
import { oneLine } from './text.js';
import type { SourceRecord } from './types.js';

/** A record that passed validation: what goes into the article file's front matter, and its body. */
export type ArticleDraft = Omit<ArticleMeta, 'slug'> & { body: string };

export const UNKNOWN_PUBLISHER = 'Unknown publisher';

/** The value of the first key present, `a.b` reaching into nested objects. */
export function pick(obj: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) {
    let v: unknown = obj;
    for (const part of key.split('.')) {
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** A display string from what exports use: a string, a number, `{ name }`, or a list of those. */
export function asText(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return oneLine(String(v)) || undefined;
  if (Array.isArray(v)) return oneLine(v.map(asText).filter(Boolean).join(', ')) || undefined;
  if (v && typeof v === 'object' && 'name' in v) return asText((v as { name: unknown }).name);
  return undefined;
}

function asTags(v: unknown): string[] {
  const list = Array.isArray(v) ? v.map(asText) : typeof v === 'string' ? v.split(',').map(oneLine) : [];
  return [...new Set(list.filter((t): t is string => Boolean(t)))];
}

function asUrl(v: unknown): string | undefined {
  const s = asText(v);
  if (!s) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Title from a file name: date prefix dropped, separators as spaces. */
export function titleFromFileName(file: string): string {
  const base = path.basename(file, path.extname(file));
  return oneLine(base.replace(/^\d{4}-?\d{2}-?\d{2}[-_ ]*/, '').replace(/[-_]+/g, ' '));
}

export interface DraftDefaults {
  source?: string;
  date?: string;
  partialDates?: boolean;
}

/**
 * Validates a record into an article draft, or says why it cannot be one. Only what the record (or the
 * user's flags) states is kept: a missing publisher is "Unknown publisher", a missing or unusable URL is
 * left out, never guessed.
 */
export function toDraft(rec: SourceRecord, defaults: DraftDefaults): ArticleDraft | { reject: string } {
  const body = rec.body.trim();
  if (!body) return { reject: 'empty text' };
  const title = asText(rec.title) ?? titleFromFileName(rec.file);
  if (!title) return { reject: 'no title' };

  let date: string | undefined;
  if (rec.date !== undefined && rec.date !== null && rec.date !== '') {
    const d = normalizeDate(rec.date, defaults.partialDates);
    if ('error' in d) return { reject: d.error };
    date = d.date;
  }
  date ??= dateFromFileName(path.basename(rec.file)) ?? defaults.date;
  if (!date) return { reject: 'no date (add one to the record, name the file YYYY-MM-DD-…, or pass --date)' };

  const url = asUrl(rec.url);
  const author = asText(rec.author);
  return {
    title,
    date,
    source: asText(rec.source) ?? asText(defaults.source) ?? UNKNOWN_PUBLISHER,
    ...(url ? { url } : {}),
    ...(author ? { author } : {}),
    tags: asTags(rec.tags),
    body,
  };
}
