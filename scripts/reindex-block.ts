/**
 * `npx tsx scripts/reindex-block.ts [DIR]`: how long a live reindex holds the event loop, on the State of
 * the Union archive (imported into DIR, or a temporary folder deleted afterwards; two addresses get a
 * paragraph appended: that is the change reindexed). While a rebuild runs, a 1 ms interval measures the
 * longest gap between its ticks; a second rebuild is measured with a question (bench/questions-sotu.ts)
 * asked every 20 ms, as a running bot would be. `SLICE_MS` overrides the slice length. Not a test.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { sotuQuestions } from '../bench/questions-sotu.js';
import { importSotu } from '../bench/sotu.js';
import { AnswerService } from '../src/core/answer-service.js';
import { InProcessAnswers } from '../src/core/answers-port.js';
import { openArchive } from '../src/core/archive.js';
import { type ReindexEvent, startLiveReindex } from '../src/reindex/watch.js';

interface Probe {
  stop(): {
    maxGapMs: number;
    /** Gaps longer than 50 ms. */
    over50: number;
    histogramMaxMs: number;
    p99Ms: number;
    asked: number;
    slowestAskMs: number;
    /** Longest garbage-collection pause meanwhile: V8's, not the rebuild's own work. */
    maxGcMs: number;
  };
}

/** Longest gap between 1 ms ticks, the event-loop delay histogram, and questions answered meanwhile. */
function probe(answers: AnswerService | undefined): Probe {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let maxGc = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) maxGc = Math.max(maxGc, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let maxGap = 0;
  let over50 = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    if (now - last > 50) over50++;
    last = now;
  }, 1);
  let asked = 0;
  let slowest = 0;
  const questions = setInterval(() => {
    if (!answers) return;
    const t = performance.now();
    answers.ask(sotuQuestions[asked % sotuQuestions.length]?.question ?? '');
    slowest = Math.max(slowest, performance.now() - t);
    asked++;
  }, 20);
  return {
    stop() {
      clearInterval(tick);
      clearInterval(questions);
      histogram.disable();
      gc.disconnect();
      return {
        maxGcMs: maxGc,
        maxGapMs: maxGap,
        over50,
        histogramMaxMs: histogram.max / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        asked,
        slowestAskMs: slowest,
      };
    },
  };
}

const fmt = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const keep = process.argv[2];
  const workDir = keep ? path.resolve(keep) : await mkdtemp(path.join(os.tmpdir(), 'archivist-block-'));
  try {
    await mkdir(workDir, { recursive: true });
    const dataDir = path.join(workDir, 'articles');
    if (!existsSync(dataDir)) await importSotu(workDir);
    const cacheFile = path.join(workDir, 'var', 'index.json');
    await rm(cacheFile, { force: true });
    const answers = new AnswerService(await openArchive({ dataDir, cacheFile: false }));
    console.log(`SOTU: ${answers.archive.articles.size} articles, ${answers.archive.passages.size} passages`);

    const waiters: Array<{ type: ReindexEvent['type']; resolve: (e: ReindexEvent) => void }> = [];
    const next = (type: ReindexEvent['type']) =>
      new Promise<ReindexEvent>((resolve) => waiters.push({ type, resolve }));
    /** Runs `work` under a probe; questions are asked meanwhile only when `ask` is set. */
    const measure = async <T>(work: () => Promise<T>, ask = false) => {
      const p = probe(ask ? answers : undefined);
      const t = performance.now();
      const result = await work();
      return { ms: performance.now() - t, result, ...p.stop() };
    };
    const block = (m: {
      maxGapMs: number;
      over50: number;
      histogramMaxMs: number;
      p99Ms: number;
      maxGcMs: number;
    }) =>
      `longest block ${fmt(m.maxGapMs)} between 1 ms ticks, ${m.over50} over 50 ms (histogram max ${fmt(m.histogramMaxMs)}, ` +
      `p99 ${fmt(m.p99Ms)}; longest GC pause ${fmt(m.maxGcMs)})`;

    // As long as a rebuild: on a shared machine the scheduler alone makes gaps of tens of ms.
    const idle = await measure(() => new Promise((r) => setTimeout(r, 5000)));
    console.log(`idle, for the noise of this machine: ${block(idle)}`);
    let live: ReturnType<typeof startLiveReindex> | undefined;
    const check = await measure(() => {
      const quiet = { info: () => {}, warn: () => {}, error: (o: object, m: string) => console.error(m, o) };
      live = startLiveReindex({
        dataDir,
        cacheFile,
        answers: new InProcessAnswers(answers),
        logger: quiet,
        debounceMs: 50,
        ...(process.env.SLICE_MS ? { sliceMs: Number(process.env.SLICE_MS) } : {}),
        onEvent: (e) => {
          for (const w of waiters.splice(0)) {
            if (w.type === e.type) w.resolve(e);
            else waiters.push(w);
          }
        },
      });
      return live.ready;
    });
    console.log(`catch-up check at start, nothing changed: ${fmt(check.ms)}; ${block(check)}`);

    const files = (await readdir(dataDir)).sort();
    const change = async (name: string, ask: boolean) => {
      const swapped = next('swapped');
      const saved = next('cache-saved');
      const rebuild = await measure(async () => {
        await appendFile(
          path.join(dataDir, name),
          '\nA paragraph added while the bot runs, about zeppelins.\n',
        );
        return (await swapped) as Extract<ReindexEvent, { type: 'swapped' }>;
      }, ask);
      const cache = await measure(() => saved, ask);
      return { rebuild, cache };
    };
    const first = await change(files[100] ?? '', false);
    const { result: event } = first.rebuild;
    console.log(
      `rebuild after a change (${event.articles} articles, ${event.passages} passages): ${fmt(event.ms)} ` +
        `(${fmt(first.rebuild.ms)} from the write, with the debounce)\n  ${block(first.rebuild)}\n` +
        `saved index refreshed in a worker, ${fmt(first.cache.ms)} after the swap: ${block(first.cache)}`,
    );
    const second = await change(files[101] ?? '', true);
    console.log(
      `again, asking a question every 20 ms: rebuild ${fmt(second.rebuild.result.ms)}; ` +
        `${second.rebuild.asked} questions answered meanwhile, slowest ${fmt(second.rebuild.slowestAskMs)}; ` +
        `${block(second.rebuild)} (questions included)`,
    );
    await live?.close();
    const zeppelin = answers.ask('zeppelins').passages[0];
    if (!zeppelin?.text.includes('zeppelins')) throw new Error('the change was not swapped in');
  } finally {
    if (!keep) await rm(workDir, { recursive: true, force: true });
  }
}

await main();
