import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { ArchivistError } from './errors.js';
import { DEFAULT_MAX_ARTICLE_BYTES, readRegularFiles, tooBigMessage } from './read-file.js';
import type { Pause } from './slicer.js';
import type { Article } from './types.js';

/** A file that could not be loaded, named with the line to look at. Loading goes on without it. */
export interface LoadProblem {
  path: string;
  line: number;
  message: string;
}

export interface LoadResult {
  articles: Article[];
  problems: LoadProblem[];
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'is not a real calendar date');

const frontMatterSchema = z.object({
  title: z.string().trim().min(1, 'must not be empty'),
  date: isoDate,
  source: z.string().trim().min(1, 'must not be empty'),
  url: z.url({ protocol: /^https?$/ }).optional(),
  author: z.string().trim().min(1).optional(),
  tags: z.array(z.string()).default([]),
});

const FENCE = /^---[ \t]*$/;
/** Front matter needs no aliases; a few are tolerated, a "billion laughs" expansion is refused. */
const MAX_ALIAS_COUNT = 10;

/** Slug from a file name: `2025-11-01 Xi's joke.md` → `2025-11-01-xi-s-joke`. */
export function slugFromFile(file: string): string {
  return path
    .basename(file, path.extname(file))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Parses one article file: YAML front matter between `---` fences, then a Markdown body.
 * Throws ArchivistError('ARTICLE_INVALID') whose `line` (1-based, in the file) points at the problem.
 */
export function parseArticle(filePath: string, content: string): Article {
  const fail = (line: number, message: string): never => {
    throw Object.assign(new ArchivistError('ARTICLE_INVALID', `${filePath}:${line}: ${message}`), { line });
  };
  const text = content.replace(/^\uFEFF/, '');
  // CRLF (files saved on Windows) counts as one line break, so line numbers stay right.
  const lines = text.split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) fail(1, 'expected front matter starting with a "---" line');
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (close < 0) fail(1, 'front matter is not closed by a "---" line');

  const yamlText = lines.slice(1, close).join('\n');
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = counter.linePos(firstError.pos[0]).line + 1;
    fail(line, `front matter is not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) fail(2, 'front matter must be a list of "key: value" lines');

  // Dates written bare (date: 2025-11-01) arrive as strings because the default YAML 1.2 core schema has no timestamps.
  let raw: Record<string, unknown> = {};
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch (err) {
    // yaml throws (not reports) an alias bomb and an unresolved alias.
    const what = /excessive alias count/i.test((err as Error).message)
      ? 'repeats YAML aliases (*name) too often to expand safely'
      : `cannot be read: ${(err as Error).message}`;
    fail(firstAliasLine(doc, counter) ?? 2, `front matter ${what}`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const keyLine = lineOfKey(doc, counter, key);
    const what =
      raw[key] === undefined
        ? `missing required field "${key}"`
        : `field "${key}" ${issue?.message ?? 'is invalid'}`;
    fail(keyLine ?? close + 1, what);
  }
  const meta = parsed.data as z.infer<typeof frontMatterSchema>;
  const body = lines.slice(close + 1).join('\n');
  return {
    slug: slugFromFile(filePath),
    title: meta.title,
    date: meta.date,
    source: meta.source,
    ...(meta.url ? { url: meta.url } : {}),
    ...(meta.author ? { author: meta.author } : {}),
    tags: meta.tags,
    path: filePath,
    body,
    bodyLine: close + 2,
  };
}

function firstAliasLine(doc: ReturnType<typeof parseDocument>, counter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) line = counter.linePos(node.range[0]).line + 1;
      return visit.BREAK;
    },
  });
  return line;
}

function lineOfKey(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  key: string,
): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
      return counter.linePos(pair.key.range[0]).line + 1;
    }
  }
  return undefined;
}

/** Files read at once (in parallel) when loading articles. */
const READ_BATCH = 8;

export interface LoadOptions {
  /** Awaited between files, so a live reindex can yield to questions waiting meanwhile. */
  pause?: Pause;
  /** Larger files are reported, not read. Default {@link DEFAULT_MAX_ARTICLE_BYTES}. */
  maxArticleBytes?: number;
  /** Only files whose slug this accepts are read (a search shard loads its own articles). */
  onlySlugs?: (slug: string) => boolean;
}

/**
 * Loads every `*.md` file under `dir` (recursively, sorted by path so results are stable).
 * A broken file becomes a LoadProblem; the others still load. Duplicate slugs keep the first file.
 * Only regular files (or links to one) are read: folders, FIFOs, dangling links and oversized files are
 * problems too.
 */
export async function loadArticles(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true }))
      .filter((f) => f.toLowerCase().endsWith('.md'))
      .sort()
      .filter((f) => !options.onlySlugs || options.onlySlugs(slugFromFile(f)))
      .map((f) => path.join(dir, f));
  } catch (cause) {
    throw new ArchivistError('DATA_DIR_MISSING', `cannot read the articles folder ${dir}`, { cause });
  }
  const articles: Article[] = [];
  const problems: LoadProblem[] = [];
  const seen = new Map<string, string>();
  const maxBytes = options.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  // A batch at a time, each file's bytes dropped once parsed: holding every file's bytes until all were
  // read left ~20 MB of freed native memory (SOTU's 10 MB of text) that the allocator never returned.
  for (let from = 0; from < files.length; from += READ_BATCH) {
    const batch = files.slice(from, from + READ_BATCH);
    const reads = await readRegularFiles(batch, maxBytes, READ_BATCH);
    for (const [i, file] of batch.entries()) {
      const read = reads[i];
      // A file removed between listing and reading (a live reindex racing a delete) is simply gone.
      if (!read || 'gone' in read) continue;
      if (!('bytes' in read)) {
        const message =
          'tooBig' in read ? tooBigMessage(read.tooBig, maxBytes, 'one article file') : read.problem;
        problems.push({ path: file, line: 1, message });
        continue;
      }
      try {
        const article = parseArticle(file, read.bytes.toString('utf8'));
        const first = seen.get(article.slug);
        if (first) {
          problems.push({
            path: file,
            line: 1,
            message: `duplicate slug "${article.slug}" (already used by ${first})`,
          });
          continue;
        }
        seen.set(article.slug, file);
        articles.push(article);
      } catch (err) {
        if (!(err instanceof ArchivistError)) throw err;
        const line = (err as ArchivistError & { line?: number }).line ?? 1;
        problems.push({ path: file, line, message: err.message.replace(/^archivist: [^:]+:\d+: /, '') });
      }
      await options.pause?.();
    }
  }
  return { articles, problems };
}
