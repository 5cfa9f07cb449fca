import { createHash } from 'node:crypto';
import { ANALYSIS_VERSION } from './analysis.js';
import { CACHE_FORMAT, type CacheMiss, readCache, writeCache } from './archive-cache.js';
import { type LoadProblem, loadArticles } from './articles.js';
import { type ChunkOptions, chunkArticle } from './chunker.js';
import { miniSearchIndex } from './minisearch-index.js';
import { type PassageIndex, type PassageIndexKind, toIndexed } from './passage-index.js';
import { type Pause, slicer } from './slicer.js';
import type { Article, BuildInfo, Passage } from './types.js';

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
  /** The index implementation. Default: MiniSearch. */
  indexKind?: PassageIndexKind;
  /** Larger article files are skipped as problems (see loadArticles). */
  maxArticleBytes?: number;
  /** Only the articles whose slug this accepts (one shard of a sharded search). */
  onlySlugs?: (slug: string) => boolean;
}

/** Options for {@link rebuildArchive}. */
export interface RebuildOptions extends Omit<ArchiveOptions, 'cacheFile'> {
  /** Work in slices of about this many ms, yielding to the event loop between them. Default 5. */
  sliceMs?: number;
  /** Fingerprint of the archive being served: when the articles still match it, nothing is built. */
  unlessFingerprint?: string;
  /** Stops the rebuild at its next slice (rejecting with the signal's reason). */
  signal?: AbortSignal;
}

/** Everything answering needs, built once and then read-only; a reindex builds a new one and swaps it in. */
export interface Archive {
  articles: Map<string, Article>;
  passages: Map<string, Passage>;
  /** Passages of each article in order. */
  bySlug: Map<string, Passage[]>;
  index: PassageIndex;
  problems: LoadProblem[];
  build: BuildInfo;
}

export async function fingerprintArticles(
  articles: Article[],
  chunk: ChunkOptions = {},
  pause: Pause = slicer(),
): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ CACHE_FORMAT, ANALYSIS_VERSION, chunk }));
  for (const a of articles) {
    const { body, bodyLine: _line, ...meta } = a;
    h.update(JSON.stringify(meta));
    h.update(body);
    await pause();
  }
  return h.digest('hex').slice(0, 32);
}

/** Chunks and indexes the articles, pausing between articles and between passages. */
async function build(
  articles: Article[],
  options: { chunk?: ChunkOptions; kind: PassageIndexKind; pause: Pause },
): Promise<{ passages: Passage[]; index: PassageIndex }> {
  const passages: Passage[] = [];
  const builder = options.kind.builder();
  for (const a of articles) {
    for (const p of chunkArticle(a.slug, a.body, options.chunk)) {
      passages.push(p);
      builder.add(toIndexed(p, a.title));
      await options.pause();
    }
  }
  return { passages, index: builder.finish() };
}

/** Indexes passages in one go, without the rest of an archive (the benchmark times the index alone). */
export function buildIndex(
  passages: Passage[],
  titleOf: (slug: string) => string,
  kind: PassageIndexKind = miniSearchIndex,
): PassageIndex {
  const builder = kind.builder();
  for (const p of passages) builder.add(toIndexed(p, titleOf(p.slug)));
  return builder.finish();
}

/** Loads the articles, then loads the saved index when it matches them or builds (and saves) one. */
export async function openArchive(options: ArchiveOptions): Promise<Archive> {
  return (await assemble(options, slicer())) as Archive;
}

/**
 * A rebuild for a bot that is answering: the same archive as {@link openArchive}, but in slices so no
 * step holds the event loop for long, and without the cache (serializing a large index blocks for
 * hundreds of ms; the live reindex refreshes it off the main thread). `archive` is undefined when the
 * articles are unchanged; `problems` are the files that could not be loaded, either way.
 */
export async function rebuildArchive(
  options: RebuildOptions,
): Promise<{ archive: Archive | undefined; problems: LoadProblem[] }> {
  const { sliceMs = 5, unlessFingerprint, signal, ...rest } = options;
  let problems: LoadProblem[] = [];
  const archive = await assemble({ ...rest, cacheFile: false }, slicer(sliceMs, signal), (p, fingerprint) => {
    problems = p;
    return fingerprint !== unlessFingerprint;
  });
  return { archive, problems };
}

/** `proceed` sees what was loaded and may stop there (undefined is returned then). */
async function assemble(
  options: ArchiveOptions,
  pause: Pause,
  proceed: (problems: LoadProblem[], fingerprint: string) => boolean = () => true,
): Promise<Archive | undefined> {
  const started = performance.now();
  const kind = options.indexKind ?? miniSearchIndex;
  const { articles, problems } = await loadArticles(options.dataDir, {
    pause,
    ...(options.maxArticleBytes ? { maxArticleBytes: options.maxArticleBytes } : {}),
    ...(options.onlySlugs ? { onlySlugs: options.onlySlugs } : {}),
  });
  const fingerprint = await fingerprintArticles(articles, options.chunk, pause);
  if (!proceed(problems, fingerprint)) return undefined;
  const articleMap = new Map(articles.map((a) => [a.slug, a]));

  const key = { fingerprint, kind };
  let miss: CacheMiss | undefined;
  const cached = options.cacheFile
    ? await readCache(options.cacheFile, key, articleMap, (why) => {
        miss = why;
      })
    : undefined;
  const built =
    cached ?? (await build(articles, { kind, pause, ...(options.chunk ? { chunk: options.chunk } : {}) }));
  if (!cached && options.cacheFile) {
    await writeCache(options.cacheFile, key, articleMap, built).catch(() => {
      // A read-only disk costs start-up time, not correctness.
    });
  }
  const bySlug = new Map<string, Passage[]>();
  for (const p of built.passages) {
    const list = bySlug.get(p.slug) ?? [];
    list.push(p);
    bySlug.set(p.slug, list);
  }
  return {
    articles: articleMap,
    passages: new Map(built.passages.map((p) => [p.id, p])),
    bySlug,
    index: built.index,
    problems,
    build: {
      source: cached ? 'cache' : 'built',
      ms: performance.now() - started,
      fingerprint,
      ...(miss ? { rebuilt: miss } : {}),
    },
  };
}
