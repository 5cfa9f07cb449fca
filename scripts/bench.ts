/**
 * `npm run bench`: Archivist's index against MiniSearch (default options) and Lunr 2.3.9 on the State of
 * the Union addresses, imported through the ingestion path into a temporary folder. Each system runs in
 * a child process of its own (bench/child.ts) so memory figures are not mixed. Not a test: it prints.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult, SystemName } from '../bench/child.js';
import { brownQuality, bundledQuality, type QualityBySet, qualityTable } from '../bench/quality.js';
import { importSotu } from '../bench/sotu.js';
import { mb, ms, type Quality, table } from '../bench/stats.js';
import { loadArticles } from '../src/core/articles.js';
import { chunkArticle } from '../src/core/chunker.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runChild(system: SystemName, workDir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(root, 'bench', 'child.ts'), system, workDir],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench child "${system}" exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult);
    });
  });
}

function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${os.availableParallelism()} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`;

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'archivist-bench-'));
  try {
    process.stderr.write(`Machine: ${machine()}\nImporting the SOTU addresses into ${workDir} …\n`);
    let t = performance.now();
    const sotu = await importSotu(workDir);
    const ingestMs = performance.now() - t;
    const { articles } = await loadArticles(sotu.dataDir);
    const passages = articles.flatMap((a) => chunkArticle(a.slug, a.body));
    const words = articles.reduce((n, a) => n + a.body.split(/\s+/).filter(Boolean).length, 0);
    await writeFile(
      path.join(workDir, 'passages.json'),
      JSON.stringify(passages.map((p) => ({ id: p.id, text: p.text }))),
    );

    const results: Partial<Record<SystemName, ChildResult>> = {};
    for (const name of ['runtime', 'archivist-build', 'archivist-load', 'minisearch', 'lunr'] as const) {
      process.stderr.write(`Measuring ${name} …\n`);
      t = performance.now();
      results[name] = await runChild(name, workDir);
    }
    process.stderr.write('Measuring quality on the bundled articles and the Brown press texts …\n');
    const bundled = await bundledQuality(root);
    const brown = await brownQuality(workDir);
    const build = results['archivist-build'] as ChildResult;
    const load = results['archivist-load'] as ChildResult;
    const mini = results.minisearch as ChildResult;
    const lunr = results.lunr as ChildResult;
    const runtime = results.runtime as ChildResult;

    const speedRows = [
      ['Archivist (built)', build],
      ['Archivist (loaded from disk)', load],
      ['MiniSearch 7, default options', mini],
      ['Lunr 2.3.9', lunr],
    ] as const;
    const out: string[] = [];
    out.push(`Machine: ${machine()}`);
    out.push(
      `Corpus: ${sotu.written} State of the Union addresses (${words.toLocaleString('en')} words) imported through \`npm run ingest\`'s JSON importer in ${(ingestMs / 1000).toFixed(1)} s; ${passages.length.toLocaleString('en')} passages (Archivist's chunker), the same passages for all three systems.`,
    );
    out.push('');
    out.push(
      table(
        [
          'System',
          'Passages',
          'Index build',
          'Open (read + build / load)',
          'RSS',
          'RSS before data',
          'Heap used',
          'Peak RSS',
        ],
        speedRows.map(([label, r]) => [
          label,
          r.passages.toLocaleString('en'),
          ms(r === load ? undefined : (r.indexMs ?? build.indexMs), 0),
          r.openMs === undefined ? '—' : ms(r.openMs, 0),
          mb(r.rss),
          mb(r.rssBaseline),
          mb(r.heapUsed),
          mb(r.peakRss),
        ]),
      ),
    );
    out.push(
      `Each system in a child process of its own (node --import tsx, as \`npm start\` runs). RSS and heap after two full GCs, once its questions are answered; "RSS before data" is the same process after loading the system's code, before reading any article; peak from /proc (VmHWM). Node + tsx with nothing loaded: RSS ${mb(runtime.rss)}.`,
    );
    out.push('');
    const lat = (r: ChildResult) => r.latency as NonNullable<ChildResult['latency']>;
    out.push(
      table(
        ['System', 'p50', 'p95', 'p99', 'p50 vs Lunr', 'p95 vs Lunr', 'p99 vs Lunr'],
        speedRows.map(([label, r]) => [
          label,
          ms(lat(r).p50, 3),
          ms(lat(r).p95, 3),
          ms(lat(r).p99, 3),
          ratio(lat(r).p50, lat(lunr).p50),
          ratio(lat(r).p95, lat(lunr).p95),
          ratio(lat(r).p99, lat(lunr).p99),
        ]),
      ),
    );
    out.push(
      `Latency: ${lat(load).samples} timed questions per system (${lat(load).samples / 10} questions × 10 rounds after 2 warm-up rounds); Archivist's figure is the whole AnswerService.ask (search, filter, rerank, highlights), the peers' is their search call.`,
    );
    out.push('');
    out.push(
      qualityTable({
        ...bundled,
        SOTU: {
          Archivist: { quality: load.sotu as Quality },
          MiniSearch: { quality: mini.sotu as Quality },
          Lunr: { quality: lunr.sotu as Quality },
        },
        ...brown.sets,
      }),
    );
    out.push(...brown.notes);
    out.push('');
    const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const loadRatio = (load.openMs ?? 0) / (build.openMs ?? 1);
    const share = (set: string, system: 'Archivist' | 'MiniSearch', k: 'top1' | 'recall3') => {
      const q = ({ ...bundled, ...brown.sets } as QualityBySet)[set]?.[system]?.quality;
      return q ? q[k] / q.questions : 0;
    };
    const top1 = share('Bundled articles', 'Archivist', 'top1');
    const sotuR3 = (q: Quality | undefined) => (q ? q.recall3 / q.questions : 0);
    out.push('Targets:');
    out.push(
      `- query p50 ≤ 0.5× Lunr's: ${ratio(lat(load).p50, lat(lunr).p50)} — ${check(lat(load).p50 <= 0.5 * lat(lunr).p50)}`,
    );
    out.push(`- query p99 < 10 ms: ${ms(lat(load).p99)} — ${check(lat(load).p99 < 10)}`);
    out.push(
      `- loading the saved index ≤ 0.3× a rebuild: ${loadRatio.toFixed(2)}× (${ms(load.openMs, 0)} vs ${ms(build.openMs, 0)}) — ${check(loadRatio <= 0.3)}`,
    );
    out.push(`- RSS < 150 MB (loaded from disk): ${mb(load.rss)} — ${check(load.rss < 150e6)}`);
    out.push(`- bundled articles top-1 ≥ 96%: ${(100 * top1).toFixed(0)}% — ${check(top1 >= 0.96)}`);
    for (const set of ['Brown press, tuning', 'Brown press, held out']) {
      const t = share(set, 'Archivist', 'top1');
      const r = share(set, 'Archivist', 'recall3');
      out.push(
        `- ${set}: top-1 ≥ 85%: ${(100 * t).toFixed(0)}% — ${check(t >= 0.85)}; recall@3 ≥ 95%: ${(100 * r).toFixed(0)}% — ${check(r >= 0.95)}`,
      );
    }
    const none = brown.sets['Brown press, tuning']?.Archivist?.nothing;
    out.push(
      `- unanswerable → nothing: ${none?.n}/${none?.of} — ${check(none !== undefined && none.n === none.of)}`,
    );
    out.push(
      `- SOTU recall@3 ≥ MiniSearch defaults': ${(100 * sotuR3(load.sotu)).toFixed(0)}% vs ${(100 * sotuR3(mini.sotu)).toFixed(0)}% — ${check(sotuR3(load.sotu) >= sotuR3(mini.sotu))}`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    if (keep) process.stderr.write(`Kept ${workDir}\n`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

await main();
