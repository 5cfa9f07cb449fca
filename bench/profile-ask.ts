/**
 * CPU profile of Archivist's ask on SOTU ×1: `node --cpu-prof --cpu-prof-dir=DIR --import tsx
 * bench/profile-ask.ts [rounds] [scale]`. Prints latency and leaves a .cpuprofile for DevTools.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AnswerService } from '../src/core/answer-service.js';
import { openArchive } from '../src/core/archive.js';
import { sotuQuestions, sotuTimingOnly } from './questions-sotu.js';
import { importSotu } from './sotu.js';
import { percentile } from './stats.js';

const rounds = Number(process.argv[2] ?? 10);
const scale = Number(process.argv[3] ?? 1);
const workDir = await mkdtemp(path.join(os.tmpdir(), 'archivist-profile-'));
try {
  const sotu = await importSotu(workDir, scale);
  const archive = await openArchive({ dataDir: sotu.dataDir, cacheFile: false });
  const answers = new AnswerService(archive);
  const qs = [...new Set([...sotuQuestions.map((q) => q.question), ...sotuTimingOnly])];
  const samples: number[] = [];
  for (let r = 0; r < rounds + 2; r++) {
    for (const q of qs) {
      const t = performance.now();
      answers.ask(q, { limit: 10 });
      if (r >= 2) samples.push(performance.now() - t);
    }
  }
  const f = (p: number) => percentile(samples, p).toFixed(2);
  process.stdout.write(`${samples.length} asks: p50 ${f(0.5)} ms, p95 ${f(0.95)} ms, p99 ${f(0.99)} ms\n`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
