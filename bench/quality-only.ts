/**
 * Quality only, for iterating on ranking: `npx tsx bench/quality-only.ts [--sotu] [--misses]`. The same
 * sets and scoring as `npm run bench` without the child processes and timings. `--misses` lists the
 * missed questions of the bundled and Brown *tuning* sets only: the held-out third is never listed, so
 * tuning cannot look at it. `--sotu` adds the SOTU set (slower: imports and indexes 233 addresses).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnswerService } from '../src/core/answer-service.js';
import { openArchive } from '../src/core/archive.js';
import { importBrown } from './brown.js';
import { brownQualityOf, bundledQuality, qualityTable } from './quality.js';
import { brownQuestions } from './questions-brown.js';
import { bundledQuestions } from './questions-bundled.js';
import { sotuQuestions, yearOfPassage } from './questions-sotu.js';
import { percentile, quality } from './stats.js';
import { archivistSystem } from './systems/archivist.js';
import { miniSearchSystem } from './systems/minisearch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const workDir = await mkdtemp(path.join(os.tmpdir(), 'archivist-quality-'));
try {
  const bundled = await bundledQuality(root);
  const { dataDir } = await importBrown(path.join(workDir, 'brown'));
  const brownArchive = await openArchive({ dataDir, cacheFile: false });
  const brown = await brownQualityOf(brownArchive);
  const sets = { ...bundled, ...brown.sets };
  if (args.has('--sotu')) {
    const { importSotu } = await import('./sotu.js');
    const sotu = await importSotu(workDir);
    const archive = await openArchive({ dataDir: sotu.dataDir, cacheFile: false });
    const passages = [...archive.passages.values()].map((p) => ({ id: p.id, text: p.text }));
    const right = (q: (typeof sotuQuestions)[number], id: string) => q.years.includes(yearOfPassage(id));
    const a = archivistSystem(archive);
    const m = miniSearchSystem(passages);
    Object.assign(sets, {
      SOTU: {
        Archivist: { quality: await quality(sotuQuestions, (q) => a.ask(q.question), right) },
        MiniSearch: { quality: await quality(sotuQuestions, (q) => m.ask(q.question), right) },
      },
    });
    const samples: number[] = [];
    for (let r = 0; r < 5; r++) {
      for (const q of sotuQuestions) {
        const t = performance.now();
        await a.ask(q.question, 3);
        if (r > 0) samples.push(performance.now() - t);
      }
    }
    process.stdout.write(
      `SOTU Archivist latency (warm, this process): p50 ${percentile(samples, 0.5).toFixed(2)} ms, p99 ${percentile(samples, 0.99).toFixed(2)} ms\n`,
    );
    if (args.has('--misses')) {
      for (const q of sotuQuestions) {
        const ids = await a.ask(q.question, 10);
        const rank = ids.findIndex((id) => right(q, id));
        if (rank !== 0) process.stdout.write(`SOTU miss (rank ${rank + 1}): ${q.question}\n`);
      }
    }
  }
  process.stdout.write(`${qualityTable(sets)}\n${brown.notes.join('\n')}\n`);
  if (args.has('--misses')) {
    const bundledArchive = await openArchive({
      dataDir: path.join(root, 'data', 'articles'),
      cacheFile: false,
    });
    const bundledAnswers = new AnswerService(bundledArchive);
    for (const q of bundledQuestions) {
      const ids = bundledAnswers.ask(q.question, { limit: 10 }).passages.map((p) => p.id);
      const rank = ids.findIndex((id) => q.expected.includes(id));
      if (rank !== 0) process.stdout.write(`bundled miss (rank ${rank + 1}): ${q.question} → ${ids[0]}\n`);
    }
    const answers = new AnswerService(brownArchive);
    for (const q of brownQuestions.filter((x) => !x.heldOut)) {
      const got = answers.ask(q.question, { limit: 10 }).passages;
      const rank = got.findIndex((p) => p.text.replace(/\s+/g, ' ').includes(q.answer));
      if (rank !== 0)
        process.stdout.write(
          `tuning miss (rank ${rank + 1}, ${q.kind}): ${q.question}\n   top: ${got[0]?.text.slice(0, 140).replace(/\s+/g, ' ') ?? '—'}\n`,
        );
    }
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
