/**
 * Sharded search on SOTU × N (default 10): cold build, start from the saved index, query latency and
 * answer quality per shard count, against the in-process service. Memory: heap per passage of the
 * in-process archive, and the shard workers' heaps summed.
 *
 *   npx tsx scripts/search-shards.ts [--scale 10] [--shards 0,1,2,4] [--rounds 3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { sotuQuestions, sotuTimingOnly, yearOfPassage } from '../bench/questions-sotu.js';
import { importSotu } from '../bench/sotu.js';
import { percentile, quality } from '../bench/stats.js';
import { AnswerService } from '../src/core/answer-service.js';
import { type Answers, InProcessAnswers } from '../src/core/answers-port.js';
import { openArchive } from '../src/core/archive.js';
import { ShardedAnswers } from '../src/search/sharded-answers.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    shards: { type: 'string', default: '0,1,2,4' },
    rounds: { type: 'string', default: '3' },
  },
});
const scale = Number(values.scale);
const rounds = Number(values.rounds);
const gc = (globalThis as { gc?: () => void }).gc;

const work = await mkdtemp(path.join(os.tmpdir(), 'archivist-shards-'));
try {
  const { dataDir } = await importSotu(work, scale);
  console.log(`SOTU ×${scale}; ${os.availableParallelism()} CPUs`);
  for (const shards of values.shards.split(',').map(Number)) {
    const cacheFile = path.join(work, `var-${shards}`, 'index.json');
    const open = async (): Promise<Answers> => {
      if (shards > 0) return ShardedAnswers.open({ dataDir, shards, cacheFile });
      return new InProcessAnswers(new AnswerService(await openArchive({ dataDir, cacheFile })));
    };
    gc?.();
    const heapBefore = getHeapStatistics().used_heap_size;
    let t = performance.now();
    const cold = await open();
    const buildMs = performance.now() - t;
    gc?.();
    const passages = cold.size().passages;
    const heapPerPassage = (getHeapStatistics().used_heap_size - heapBefore) / passages;
    await cold.close();
    t = performance.now();
    const answers = await open();
    const startMs = performance.now() - t;
    const source = (await answers.stats()).index.source;
    const asked = [...sotuQuestions.map((q) => q.question), ...sotuTimingOnly];
    for (const q of asked.slice(0, 10)) await answers.ask(q); // warm-up
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of asked) {
        const s = performance.now();
        await answers.ask(q, { limit: 10 });
        samples.push(performance.now() - s);
      }
    }
    const qual = await quality(
      sotuQuestions,
      async (q) => (await answers.ask(q.question, { limit: 10 })).passages.map((p) => p.id),
      (q, id) => q.years.includes(yearOfPassage(id)),
    );
    await answers.close();
    console.log(
      [
        `shards=${shards || 'in-process'}`,
        `passages=${passages}`,
        `cold build ${(buildMs / 1000).toFixed(1)} s`,
        `start from saved (${source}) ${(startMs / 1000).toFixed(2)} s`,
        `p50 ${percentile(samples, 0.5).toFixed(1)} ms`,
        `p99 ${percentile(samples, 0.99).toFixed(1)} ms`,
        shards ? 'heap: in workers' : `heap ${(heapPerPassage / 1024).toFixed(1)} KB/passage`,
        `top1 ${qual.top1}/${qual.questions} recall@3 ${qual.recall3} MRR ${(qual.rr / qual.questions).toFixed(3)}`,
      ].join(' · '),
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
