import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ANALYSIS_VERSION } from './analysis.js';
import { type LoadProblem, loadArticles } from './articles.js';
import { type ChunkOptions, chunkArticle } from './chunker.js';
import { buildIndex, buildIndexAsync, loadIndex, type PassageIndex } from './passage-index.js';
import type { Article, Passage } from './types.js';

/** Options for {@link openArchive}. */
export interface ArchiveOptions {
  /** Folder holding the `*.md` articles. */
  dataDir: string;
  /**
   * Where the built index is saved, with a fingerprint of the articles it was built from.
   * `false` never saves nor loads one. Default: no cache.
   */
  cacheFile?: string | false;
  chunk?: ChunkOptions;
  /**
   * Index in chunks of this many passages, yielding to the event loop between chunks, so a running bot
   * keeps answering while a live reindex builds. Default: build in one go (fastest at start-up).
   */
  chunkSize?: number;
}

/** Everything answering needs, built once and then read-only; a reindex builds a new one and swaps it in. */
export interface Archive {
  articles: Map<string, Article>;
  passages: Map<string, Passage>;
  /** Passages of each article in order. */
  bySlug: Map<string, Passage[]>;
  index: PassageIndex;
  problems: LoadProblem[];
  build: { source: 'built' | 'cache'; ms: number; fingerprint: string };
}

const CACHE_FORMAT = 3;

export function fingerprintArticles(articles: Article[], chunk: ChunkOptions = {}): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ CACHE_FORMAT, ANALYSIS_VERSION, chunk }));
  for (const a of articles) {
    const { body, bodyLine: _line, ...meta } = a;
    h.update(JSON.stringify(meta));
    h.update(body);
  }
  return h.digest('hex').slice(0, 32);
}

/** A passage as saved: its text is left out when it is a slice of the article body (`textStart`…`end`). */
type SavedPassage = Omit<Passage, 'text'> & { text?: string; textStart?: number };

interface CacheHeader {
  format: number;
  fingerprint: string;
  passages: SavedPassage[];
}

function savePassage(p: Passage, body: string): SavedPassage {
  const { text, ...rest } = p;
  const textStart = p.end - text.length;
  return body.slice(textStart, p.end) === text ? { ...rest, textStart } : p;
}

/**
 * The cache is two lines: a JSON header (fingerprint, passages) and MiniSearch's own JSON, so the index
 * string goes straight to loadJSONAsync without a parse-and-stringify round trip. Passage texts are
 * restored as slices of the article bodies, so they cost no memory of their own.
 */
async function readCache(
  file: string,
  fingerprint: string,
  articles: Map<string, Article>,
  yielding: boolean,
): Promise<{ passages: Passage[]; index: PassageIndex } | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const nl = content.indexOf('\n');
    const header = JSON.parse(content.slice(0, nl)) as CacheHeader;
    if (header.format !== CACHE_FORMAT || header.fingerprint !== fingerprint) return undefined;
    const passages = header.passages.map((p): Passage => {
      if (p.text !== undefined) return p as Passage;
      const { textStart = p.start, ...rest } = p;
      const body = articles.get(p.slug)?.body ?? '';
      return { ...rest, text: body.slice(textStart, p.end) };
    });
    return { passages, index: await loadIndex(content.slice(nl + 1), yielding) };
  } catch {
    // A truncated or corrupt cache is not an error: the articles are the truth, rebuild from them.
    return undefined;
  }
}

async function writeCache(file: string, header: CacheHeader, index: PassageIndex): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(header)}\n${JSON.stringify(index)}`);
  await rename(tmp, file); // atomic on one filesystem: readers see the old cache or the new, never half
}

/** Chunks and indexes the articles; in chunks that yield to the event loop when `chunkSize` is set. */
async function build(
  articles: Article[],
  options: ArchiveOptions,
): Promise<{ passages: Passage[]; index: PassageIndex }> {
  const titles = new Map(articles.map((a) => [a.slug, a.title]));
  const titleOf = (slug: string) => titles.get(slug) ?? '';
  const passages = articles.flatMap((a) => chunkArticle(a.slug, a.body, options.chunk));
  const index = options.chunkSize
    ? await buildIndexAsync(passages, titleOf, options.chunkSize)
    : buildIndex(passages, titleOf);
  return { passages, index };
}

export async function openArchive(options: ArchiveOptions): Promise<Archive> {
  const started = performance.now();
  const { articles, problems } = await loadArticles(options.dataDir);
  const fingerprint = fingerprintArticles(articles, options.chunk);
  const articleMap = new Map(articles.map((a) => [a.slug, a]));

  const cached = options.cacheFile
    ? await readCache(options.cacheFile, fingerprint, articleMap, options.chunkSize !== undefined)
    : undefined;
  const { passages, index } = cached ?? (await build(articles, options));
  if (!cached && options.cacheFile) {
    const saved = passages.map((p) => savePassage(p, articleMap.get(p.slug)?.body ?? ''));
    await writeCache(options.cacheFile, { format: CACHE_FORMAT, fingerprint, passages: saved }, index).catch(
      () => {
        // A read-only disk costs start-up time, not correctness.
      },
    );
  }
  const bySlug = new Map<string, Passage[]>();
  for (const p of passages) {
    const list = bySlug.get(p.slug) ?? [];
    list.push(p);
    bySlug.set(p.slug, list);
  }
  return {
    articles: articleMap,
    passages: new Map(passages.map((p) => [p.id, p])),
    bySlug,
    index,
    problems,
    build: { source: cached ? 'cache' : 'built', ms: performance.now() - started, fingerprint },
  };
}
