import { parseDocument } from 'yaml';
import { pick } from './fields.js';
import { plainToBody, tidyMarkdown } from './text.js';
import type { FieldMap, ReadItem, SourceRecord } from './types.js';

const HEADER_LINE = /^(title|date|published|source|publisher|url|link|author|by|tags)\s*:\s*(.*)$/i;
const HEADER_KEYS: Record<string, keyof SourceRecord> = {
  title: 'title',
  date: 'date',
  published: 'date',
  source: 'source',
  publisher: 'source',
  url: 'url',
  link: 'url',
  author: 'author',
  by: 'author',
  tags: 'tags',
};

/**
 * A .txt article. Optional `Key: value` header lines at the top (Title, Date, Source, URL, Author, Tags)
 * give its metadata; otherwise a short first line without closing punctuation is its title.
 */
export function readTxt(file: string, content: string): ReadItem {
  const bytes = Buffer.byteLength(content);
  const lines = content
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const rec: SourceRecord = { origin: file, file, body: '' };
  let i = 0;
  while (i < lines.length && !lines[i]?.trim()) i++;
  const headerStart = i;
  for (let m = HEADER_LINE.exec(lines[i] ?? ''); m; m = HEADER_LINE.exec(lines[++i] ?? '')) {
    const key = HEADER_KEYS[(m[1] ?? '').toLowerCase()];
    if (key && key !== 'origin' && key !== 'file' && key !== 'body') rec[key] = m[2]?.trim();
  }
  // A header block must end at a blank line; otherwise those lines were text that happened to contain colons.
  if (i > headerStart && lines[i]?.trim()) {
    for (const k of ['title', 'date', 'source', 'url', 'author', 'tags'] as const) delete rec[k];
    i = headerStart;
  }
  let rest = lines.slice(i);
  if (rec.title === undefined) {
    const first = rest.findIndex((l) => l.trim());
    const line = rest[first]?.trim() ?? '';
    const next = rest[first + 1];
    const standsAlone = next === undefined || !next.trim();
    if (
      line &&
      standsAlone &&
      line.length <= 150 &&
      !/[.!?:;,]$/.test(line) &&
      rest.slice(first + 1).some((l) => l.trim())
    ) {
      rec.title = line;
      rest = rest.slice(first + 1);
    }
  }
  rec.body = plainToBody(rest.join('\n'));
  return { bytes, record: rec };
}

/**
 * A .md article: YAML front matter (any field names the field map knows) or none; without a title in it,
 * a leading `# Heading` is the title.
 */
export function readMd(file: string, content: string, fields: FieldMap): ReadItem {
  const bytes = Buffer.byteLength(content);
  const lines = content
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  let meta: Record<string, unknown> = {};
  let bodyLines = lines;
  if (/^---[ \t]*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
    if (close < 0) return { bytes, origin: file, reject: 'front matter is not closed by a "---" line' };
    const doc = parseDocument(lines.slice(1, close).join('\n'), { prettyErrors: false });
    const err = doc.errors[0];
    if (err) {
      const line = (err.linePos?.[0]?.line ?? 1) + 1;
      return {
        bytes,
        origin: `${file}:${line}`,
        reject: `front matter is not valid YAML: ${err.message.split('\n')[0]}`,
      };
    }
    let js: unknown;
    try {
      // A few aliases are fine; an exponential "billion laughs" expansion is refused.
      js = doc.toJS({ maxAliasCount: 10 });
    } catch (err) {
      return { bytes, origin: file, reject: `front matter cannot be used: ${(err as Error).message}` };
    }
    if (js !== null && (typeof js !== 'object' || Array.isArray(js))) {
      return { bytes, origin: file, reject: 'front matter must be "key: value" lines' };
    }
    meta = (js ?? {}) as Record<string, unknown>;
    bodyLines = lines.slice(close + 1);
  }
  const rec: SourceRecord = {
    origin: file,
    file,
    title: pick(meta, fields.title),
    date: pick(meta, fields.date),
    source: pick(meta, fields.source),
    url: pick(meta, fields.url),
    author: pick(meta, fields.author),
    tags: pick(meta, fields.tags),
    body: '',
  };
  if (rec.title === undefined) {
    const first = bodyLines.findIndex((l) => l.trim());
    const h1 = /^#[ \t]+(.+?)[ \t#]*$/.exec(bodyLines[first] ?? '');
    if (h1) {
      rec.title = h1[1];
      bodyLines = bodyLines.slice(first + 1);
    }
  }
  rec.body = tidyMarkdown(bodyLines.join('\n'));
  return { bytes, record: rec };
}
