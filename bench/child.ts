/**
 * One system measured in a process of its own, so that its memory is its own: `node --expose-gc
 * --import tsx bench/child.ts <system> <workDir> [rounds]`. Prints one JSON line (see ChildResult).
 *
 * `<engine>-build` builds the index (Archivist: from the article files, as a first start does; the
 * peers: from the passages in workDir/passages.json), answers, then saves its index in workDir.
 * `<engine>-load` starts from that saved index instead, as a restart does.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChildResult, Engine, SystemName } from './engines.js';
import { sotuQuestions, sotuTimingOnly, yearOfPassage } from './questions-sotu.js';
import { percentile, quality } from './stats.js';
import type { BenchPassage, PeerModule, SavableSystem, System } from './systems/types.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const WARMUP_ROUNDS = 2;

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

async function measureLatency(system: System, rounds: number): Promise<ChildResult['latency']> {
  const questions = [...sotuQuestions.map((q) => q.question), ...sotuTimingOnly];
  for (let r = 0; r < Math.min(WARMUP_ROUNDS, rounds); r++) for (const q of questions) await system.ask(q, 3);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await system.ask(q, 3);
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

/** The lines of a file too large to hold as one string. */
function lines(buffer: Buffer): string[] {
  const out: string[] = [];
  for (let start = 0; start < buffer.length; ) {
    let end = buffer.indexOf(10, start);
    if (end < 0) end = buffer.length;
    out.push(buffer.toString('utf8', start, end));
    start = end + 1;
  }
  return out;
}

const peerModule = async (engine: Exclude<Engine, 'archivist'>): Promise<PeerModule> => {
  if (engine === 'minisearch') return (await import('./systems/minisearch.js')).miniSearchPeer;
  if (engine === 'flexsearch') return (await import('./systems/flexsearch.js')).flexSearchPeer;
  return (await import('./systems/lunr.js')).lunrPeer;
};

/** Heap and array-buffer bytes still held after full GCs (typed arrays live outside the heap). */
function heldBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<ChildResult> {
  const [name, workDir, roundsArg] = process.argv.slice(2) as [SystemName, string, string | undefined];
  const rounds = Number(roundsArg ?? 10);
  const dataDir = path.join(workDir, 'articles');
  const cacheFile = path.join(workDir, 'index.cache');
  const [engine, mode] = name.split('-') as [Engine | 'runtime', 'build' | 'load' | undefined];
  // Each child loads only its own system's code, and the baselines are taken after that: what remains
  // above them is the system's data and index.
  const archivist = engine === 'archivist' ? await import('./systems/archivist.js') : undefined;
  const peer = engine !== 'archivist' && engine !== 'runtime' ? await peerModule(engine) : undefined;
  gc();
  const rssBaseline = process.memoryUsage().rss;
  const heapBaseline = process.memoryUsage().heapUsed;
  let system: System | undefined;
  let passages = 0;
  let result: Partial<ChildResult> = {};
  let afterwards: (() => Promise<void>) | undefined;

  if (archivist) {
    const { openArchive, buildIndex } = archivist;
    const archive = await openArchive({ dataDir, cacheFile: mode === 'load' ? cacheFile : false });
    if (mode === 'load' && archive.build.source !== 'cache') throw new Error('the saved index was not used');
    system = archivist.archivistSystem(archive);
    passages = archive.passages.size;
    result = { openMs: archive.build.ms, source: archive.build.source };
    if (mode === 'build') {
      afterwards = async () => {
        // Index alone, from the same passages the peers get; then save the index for the load run.
        const list = [...archive.passages.values()];
        const before = heldBytes();
        const t = performance.now();
        const index = buildIndex(list, (slug) => archive.articles.get(slug)?.title ?? '');
        result.indexMs = performance.now() - t;
        result.indexBytes = heldBytes() - before;
        if (index.documentCount !== list.length) throw new Error('the index lost passages');
        await openArchive({ dataDir, cacheFile });
        result.savedBytes = (await stat(cacheFile)).size;
      };
    } else result.savedBytes = (await stat(cacheFile)).size;
  } else if (peer) {
    const savedFile = path.join(workDir, `${engine}.saved`);
    let built: SavableSystem;
    if (mode === 'build') {
      const list = JSON.parse(await readFile(path.join(workDir, 'passages.json'), 'utf8')) as BenchPassage[];
      passages = list.length;
      const before = heldBytes();
      const t = performance.now();
      built = peer.build(list);
      result = { indexMs: performance.now() - t, indexBytes: heldBytes() - before };
      afterwards = async () => {
        await writeFile(
          savedFile,
          built.save().map((line) => `${line}\n`),
        );
        result.savedBytes = (await stat(savedFile)).size;
      };
    } else {
      const t = performance.now();
      built = peer.load(lines(await readFile(savedFile)));
      // passages stays 0: the parent takes the count from the build.
      result = { openMs: performance.now() - t, source: 'cache', savedBytes: (await stat(savedFile)).size };
    }
    system = built;
  }

  const out: Partial<ChildResult> = {};
  // Quality and latency are measured once per system, in the process started from the saved index.
  if (system && mode === 'load') {
    const s = system;
    out.sotu = await quality(
      sotuQuestions,
      (q) => s.ask(q.question),
      (q, id) => q.years.includes(yearOfPassage(id)),
    );
    out.latency = await measureLatency(s, rounds);
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
    heapBaseline,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    peakRss,
  } as ChildResult;
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
