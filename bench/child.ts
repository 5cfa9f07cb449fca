/**
 * One system measured in a process of its own, so that its memory is its own: `node --expose-gc
 * --import tsx bench/child.ts <system> <workDir>`. Prints one JSON line (see ChildResult).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sotuQuestions, sotuTimingOnly, yearOfPassage } from './questions-sotu.js';
import { percentile, type Quality, quality } from './stats.js';
import type { BenchPassage, System } from './systems/types.js';

export type SystemName = 'archivist-build' | 'archivist-load' | 'minisearch' | 'lunr' | 'runtime';

export interface ChildResult {
  system: SystemName;
  passages: number;
  /** Building the index from passages already in memory. */
  indexMs?: number;
  /** openArchive: read the articles and build (chunk + index), or read them and load the saved index. */
  openMs?: number;
  source?: 'built' | 'cache';
  rssBaseline: number;
  rss: number;
  heapUsed: number;
  peakRss: number;
  latency?: { p50: number; p95: number; p99: number; samples: number };
  sotu?: Quality;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const WARMUP_ROUNDS = 2;
const ROUNDS = 10;

/**
 * Highest RSS of this process. Linux keeps getrusage's maxRSS across exec, so a child spawned by a
 * large parent would report the parent's peak; /proc's VmHWM belongs to this program alone.
 */
async function peakRssOfThisProcess(): Promise<number> {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

function measureLatency(system: System): ChildResult['latency'] {
  const questions = [...sotuQuestions.map((q) => q.question), ...sotuTimingOnly];
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const q of questions) system.ask(q, 3);
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of questions) {
      const t = performance.now();
      system.ask(q, 3);
      samples.push(performance.now() - t);
    }
  }
  return {
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    p99: percentile(samples, 0.99),
    samples: samples.length,
  };
}

async function main(): Promise<ChildResult> {
  const [name, workDir] = process.argv.slice(2) as [SystemName, string];
  const dataDir = path.join(workDir, 'articles');
  const cacheFile = path.join(workDir, 'index.cache');
  // Each child loads only its own system's code, and the baseline is taken after that: what remains
  // above it is the system's data and index.
  const code = {
    'archivist-build': () => import('./systems/archivist.js'),
    'archivist-load': () => import('./systems/archivist.js'),
    minisearch: () => import('./systems/minisearch.js'),
    lunr: () => import('./systems/lunr.js'),
    runtime: async () => ({}),
  }[name];
  const mod = (await code()) as Partial<typeof import('./systems/archivist.js')> &
    Partial<typeof import('./systems/minisearch.js')> &
    Partial<typeof import('./systems/lunr.js')>;
  gc();
  const rssBaseline = process.memoryUsage().rss;
  let system: System | undefined;
  let passages = 0;
  let result: Partial<ChildResult> = {};
  let afterwards: (() => Promise<void>) | undefined;

  if (mod.openArchive && mod.archivistSystem && mod.buildIndex) {
    const { openArchive, buildIndex } = mod;
    const archive = await openArchive({ dataDir, cacheFile: name === 'archivist-load' ? cacheFile : false });
    if (name === 'archivist-load' && archive.build.source !== 'cache')
      throw new Error('the saved index was not used');
    system = mod.archivistSystem(archive);
    passages = archive.passages.size;
    result = { openMs: archive.build.ms, source: archive.build.source };
    if (name === 'archivist-build') {
      afterwards = async () => {
        // Index alone, from the same passages the peers get; then save the index for the load run.
        const list = [...archive.passages.values()];
        const t = performance.now();
        buildIndex(list, (slug) => archive.articles.get(slug)?.title ?? '');
        result.indexMs = performance.now() - t;
        await openArchive({ dataDir, cacheFile });
      };
    }
  } else if (mod.miniSearchSystem || mod.lunrSystem) {
    const make = (mod.miniSearchSystem ?? mod.lunrSystem) as (p: BenchPassage[]) => System;
    const list = JSON.parse(await readFile(path.join(workDir, 'passages.json'), 'utf8')) as BenchPassage[];
    const t = performance.now();
    system = make(list);
    result = { indexMs: performance.now() - t };
    passages = list.length;
  }

  const out: Partial<ChildResult> = {};
  if (system) {
    const s = system;
    out.sotu = quality(
      sotuQuestions,
      (q) => s.ask(q.question),
      (q, id) => q.years.includes(yearOfPassage(id)),
    );
    out.latency = measureLatency(s);
  }
  gc();
  gc();
  const mem = process.memoryUsage();
  const peakRss = await peakRssOfThisProcess();
  await afterwards?.();
  return {
    system: name,
    passages,
    ...result,
    ...out,
    rssBaseline,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    peakRss,
  } as ChildResult;
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
