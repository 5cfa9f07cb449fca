import { parentPort, workerData } from 'node:worker_threads';
import { countAcronyms, useArchiveAcronyms } from '../core/acronyms.js';
import { AnswerService, type AskOptions, type ShardPass } from '../core/answer-service.js';
import { type Archive, openArchive, rebuildArchive } from '../core/archive.js';
import { ArchivistError } from '../core/errors.js';
import { sketchOf } from '../core/near-duplicates.js';
import type { IndexStats } from '../core/passage-index.js';
import { computeTrend, type TrendRange } from '../core/trend.js';
import type { Passage } from '../core/types.js';
import { shardOf } from './partition.js';
import type { FromShard, ShardSetup, ShardSummary, ToShard } from './protocol.js';

/**
 * One search shard, in a worker thread: the articles whose slug falls to it, their index, and an
 * AnswerService over them. Questions are stepped a term at a time, so a long question shares the
 * thread with short ones asked meanwhile.
 */
const setup = workerData as ShardSetup;
const port = parentPort;
if (!port) throw new Error('shard-worker runs only as a worker thread');
const send = (m: FromShard) => port.postMessage(m);
const mine = (slug: string) => shardOf(slug, setup.shard.count) === setup.shard.index;

function summary(archive: Archive): ShardSummary {
  const dates = [...archive.articles.values()].map((a) => a.date).sort();
  const { source, ms, fingerprint } = archive.build;
  return {
    stats: {
      ...(archive.index.stats?.() ?? { documentCount: 0, fieldLengths: [], df: new Map() }),
      // Summed with the other shards' so every shard reads an acronym as the whole archive does.
      acronyms: countAcronyms([...archive.passages.values()].map((p) => p.text)),
    },
    problems: archive.problems,
    fingerprint,
    slugs: [...archive.articles.keys()],
    articles: archive.articles.size,
    passages: archive.passages.size,
    build: { source, ms },
    ...(dates.length ? { oldest: dates[0], newest: dates[dates.length - 1] } : {}),
  };
}

/** Per archive (dropped with it on a swap): each passage's sketch, worked out once, as AnswerService does. */
const sketches = new WeakMap<ReadonlyMap<string, Passage>, Map<string, readonly number[]>>();

function sketchFor(passages: ReadonlyMap<string, Passage>, id: string): readonly number[] {
  let cache = sketches.get(passages);
  if (!cache) {
    cache = new Map();
    sketches.set(passages, cache);
  }
  let sketch = cache.get(id);
  if (!sketch) {
    sketch = sketchOf(passages.get(id)?.text ?? '');
    cache.set(id, sketch);
  }
  return sketch;
}

let service: AnswerService;
/** A rebuilt archive waiting for the archive-wide statistics before it is swapped in. */
let pending: Archive | undefined;

/** Lets messages that arrived meanwhile (other questions) run before the next step. */
const breather = () => new Promise<void>((resolve) => setImmediate(resolve));

async function steps<T>(gen: Generator<void, T>): Promise<T> {
  for (;;) {
    const next = gen.next();
    if (next.done) return next.value;
    await breather();
  }
}

/** Finds an article the way AnswerService.article does, reporting what a merge across shards needs. */
function findArticle(key: string) {
  const { articles } = service.archive;
  const k = key.trim();
  const lower = k.toLowerCase();
  if (articles.has(k)) return { bySlug: service.article(k) };
  const exact = [...articles.values()].find((a) => a.title.toLowerCase() === lower);
  if (exact) return { exact: service.article(exact.slug) };
  const containing = [...articles.values()].filter((a) => a.title.toLowerCase().includes(lower));
  return {
    containing: containing.length,
    ...(containing.length === 1 ? { only: service.article((containing[0] as { slug: string }).slug) } : {}),
  };
}

const methods: Record<string, (...args: never[]) => unknown> = {
  ranking: async (question: string, options: AskOptions & ShardPass) => {
    const ranking = await steps(service.rankingSteps(question, options));
    const { passages } = service.archive;
    const hits = ranking.hits.map((h) => {
      const p = passages.get(h.id);
      return { ...h, sketch: sketchFor(passages, h.id), slug: p?.slug ?? h.id };
    });
    return { ...ranking, hits };
  },
  sources: (ids: string[]) => ids.map((id) => service.passage(id)?.source),
  render: (hits: Parameters<AnswerService['render']>[0]) => service.render(hits),
  suggest: (question: string) => service.suggest(question),
  onThisDay: (date: string, options: object) => service.onThisDay(date, options),
  findArticle,
  completeTitles: (partial: string, limit: number) => service.completeTitles(partial, limit),
  publishers: () => {
    const counts = new Map<string, number>();
    for (const a of service.archive.articles.values()) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
    return [...counts];
  },
  stats: () => service.stats(),
  passage: (id: string) => service.passage(id),
  trend: (topic: string, range: TrendRange) => computeTrend(service.archive, topic, range),
  rebuild: async (request: { sliceMs?: number }) => {
    const { archive, problems } = await rebuildArchive({
      dataDir: setup.dataDir,
      onlySlugs: mine,
      unlessFingerprint: service.archive.build.fingerprint,
      ...(request.sliceMs ? { sliceMs: request.sliceMs } : {}),
      ...(setup.chunk ? { chunk: setup.chunk } : {}),
      ...(setup.maxArticleBytes ? { maxArticleBytes: setup.maxArticleBytes } : {}),
    });
    if (!archive) {
      service.replaceArchive({ ...service.archive, problems });
      pending = undefined;
      return { summary: summary(service.archive), changed: false };
    }
    pending = archive;
    return { summary: summary(archive), changed: true };
  },
};

function useGlobal(stats: IndexStats, commit: boolean): void {
  if (commit && pending) {
    service.replaceArchive(pending);
    pending = undefined;
  }
  service.archive.index.useGlobalStats?.(stats);
  if (stats.acronyms) useArchiveAcronyms(service.archive.passages, stats.acronyms);
}

port.on('message', async (m: ToShard) => {
  if (m.type === 'global') {
    useGlobal(m.stats, m.commit);
    send({ type: 'result', id: m.id, value: undefined });
    return;
  }
  try {
    const method = methods[m.method];
    if (!method) throw new Error(`unknown shard method ${m.method}`);
    const value = await (method as (...a: unknown[]) => unknown)(...m.args);
    send({ type: 'result', id: m.id, value });
  } catch (err) {
    const e = err as Error & { code?: string };
    send({ type: 'error', id: m.id, message: e.message, ...(e.code ? { code: e.code } : {}) });
  }
});

try {
  const archive = await openArchive({
    dataDir: setup.dataDir,
    cacheFile: setup.cacheFile,
    onlySlugs: mine,
    ...(setup.chunk ? { chunk: setup.chunk } : {}),
    ...(setup.maxArticleBytes ? { maxArticleBytes: setup.maxArticleBytes } : {}),
  });
  service = new AnswerService(archive, {
    ...(setup.maxQuestionChars ? { maxQuestionChars: setup.maxQuestionChars } : {}),
    ...(setup.defaultLimit ? { defaultLimit: setup.defaultLimit } : {}),
  });
  send({ type: 'loaded', summary: summary(archive) });
} catch (err) {
  const e = err as Error;
  send({
    type: 'failed',
    message: e instanceof ArchivistError ? e.message.replace(/^archivist: /, '') : String(e.message),
    ...(e instanceof ArchivistError ? { code: e.code } : {}),
  });
}
