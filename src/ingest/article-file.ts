import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { ArticleDraft } from './fields.js';

/**
 * The article file: YAML front matter written by the `yaml` package (so titles with quotes, colons or
 * `#` are always quoted correctly), a blank line, then the body. Long values stay on one line.
 */
export function renderArticle(d: ArticleDraft): string {
  const meta: Record<string, unknown> = { title: d.title, date: d.date, source: d.source };
  if (d.url) meta.url = d.url;
  if (d.author) meta.author = d.author;
  if (d.tags.length) meta.tags = d.tags;
  const yaml = stringify(meta, { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n\n${d.body.trim()}\n`;
}

/** The part of a slug that comes from words: ASCII letters and digits joined by `-`, as slugFromFile makes. */
export function slugWords(text: string, maxChars = 60): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length <= maxChars) return s;
  const cut = s.lastIndexOf('-', maxChars);
  return s.slice(0, cut > maxChars / 2 ? cut : maxChars).replace(/-+$/, '');
}

/**
 * `YYYY-MM-DD-title-words`, unique among `taken` (which it joins). A title with no Latin letters or
 * digits (Chinese, Arabic…) gets a short hash of itself instead of words.
 */
export function uniqueSlug(d: Pick<ArticleDraft, 'date' | 'title'>, taken: Set<string>): string {
  const words = slugWords(d.title) || createHash('sha256').update(d.title).digest('hex').slice(0, 8);
  const base = `${d.date}-${words}`;
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
