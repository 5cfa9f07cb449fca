/**
 * `npm run bench [-- --scale N] [--keep]`: Archivist's index against MiniSearch (default options),
 * FlexSearch 0.8 (default options) and Lunr 2.3.9 on the State of the Union addresses (N copies of them
 * with --scale N), imported through the ingestion path into a temporary folder; then Archivist end to
 * end through the Slack stand-in. Each system runs in child processes of its own (bench/child.ts: one
 * that builds and saves, one that starts from the saved index) so memory figures are not mixed.
 * Not a test: it prints.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { e2eSlack } from '../bench/e2e-slack.js';
import { type ChildResult, ENGINES, type Engine, type SystemName } from '../bench/engines.js';
import { brownQuality, bundledQuality, type QualityBySet, qualityTable } from '../bench/quality.js';
import { sotuQuestions, sotuTimingOnly } from '../bench/questions-sotu.js';
import { importSotu } from '../bench/sotu.js';
import { mb, ms, type Quality, table } from '../bench/stats.js';
import { loadArticles } from '../src/core/articles.js';
import { chunkArticle } from '../src/core/chunker.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const LABEL: Record<Engine, string> = {
  archivist: 'Archivist',
  minisearch: 'MiniSearch 7, default options',
  flexsearch: 'FlexSearch 0.8, default options',
  lunr: 'Lunr 2.3.9',
};
const QUALITY_KEY = {
  archivist: 'Archivist',
  minisearch: 'MiniSearch',
  flexsearch: 'FlexSearch',
  lunr: 'Lunr',
};

function runChild(system: SystemName, workDir: string, rounds: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=16384',
        '--import',
        'tsx',
        path.join(root, 'bench', 'child.ts'),
        system,
        workDir,
        String(rounds),
      ],
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
const perPassage = (bytes: number | undefined, n: number) =>
  bytes === undefined || !n ? '—' : `${Math.round(bytes / n).toLocaleString('en')} B`;

/** About 3,900 characters of an address, cut at a word: a question as long as the bot accepts. */
function longQuestion(text: string, chars = 3900): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.slice(0, flat.lastIndexOf(' ', chars));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, keep: { type: 'boolean' } } });
  const scale = Number(values.scale ?? 1);
  if (!Number.isInteger(scale) || scale < 1 || scale > 100)
    throw new Error('--scale must be a whole number from 1 to 100');
  // Fewer timed rounds at scale: the slow peers take a second a question there.
  const rounds = scale === 1 ? 10 : 3;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'archivist-bench-'));
  try {
    process.stderr.write(`Machine: ${machine()}\nImporting the SOTU addresses ×${scale} into ${workDir} …\n`);
    const t = performance.now();
    const sotu = await importSotu(workDir, scale);
    const ingestMs = performance.now() - t;
    const { articles } = await loadArticles(sotu.dataDir);
    const passages = articles.flatMap((a) => chunkArticle(a.slug, a.body));
    const words = articles.reduce((n, a) => n + a.body.split(/\s+/).filter(Boolean).length, 0);
    await writeFile(
      path.join(workDir, 'passages.json'),
      JSON.stringify(passages.map((p) => ({ id: p.id, text: p.text }))),
    );

    const built: Partial<Record<Engine, ChildResult>> = {};
    const loaded: Partial<Record<Engine, ChildResult>> = {};
    process.stderr.write('Measuring the runtime alone …\n');
    const runtime = await runChild('runtime', workDir, rounds);
    for (const engine of ENGINES) {
      process.stderr.write(`Measuring ${engine}: build and save …\n`);
      built[engine] = await runChild(`${engine}-build`, workDir, rounds);
      process.stderr.write(`Measuring ${engine}: start from the saved index …\n`);
      loaded[engine] = await runChild(`${engine}-load`, workDir, rounds);
    }
    process.stderr.write('Archivist end to end through the Slack stand-in (the compiled bot) …\n');
    const e2e = await e2eSlack({
      dataDir: sotu.dataDir,
      questions: [...sotuQuestions.map((q) => q.question), ...sotuTimingOnly],
      cheap: 'Who announced that the era of big government is over?',
      expensive: longQuestion(sotu.sotuText(1823)),
      rounds: 3,
      path: process.env.PATH ?? '',
    });
    process.stderr.write('Measuring quality on the bundled articles and the Brown press texts …\n');
    const bundled = await bundledQuality(root);
    const brown = await brownQuality(workDir);

    const get = (r: Partial<Record<Engine, ChildResult>>, e: Engine) => r[e] as ChildResult;
    const n = passages.length;
    const out: string[] = [];
    out.push(`Machine: ${machine()}`);
    out.push(
      `Corpus: ${sotu.written.toLocaleString('en')} State of the Union addresses${scale > 1 ? ` (the 233 addresses ×${scale})` : ''} (${words.toLocaleString('en')} words) imported through \`npm run ingest\`'s ${scale > 1 ? 'JSON Lines' : 'JSON'} importer in ${(ingestMs / 1000).toFixed(1)} s; ${n.toLocaleString('en')} passages (Archivist's chunker), the same passages for every system.`,
    );
    out.push('');
    out.push(
      table(
        [
          'System',
          'Index build',
          'First start',
          'Start from saved',
          'Saved index',
          'Saved / passage',
          'Index / passage',
          'Memory / passage',
          'RSS',
          'Peak RSS',
        ],
        ENGINES.map((e) => {
          const b = get(built, e);
          const l = get(loaded, e);
          return [
            LABEL[e],
            ms(b.indexMs, 0),
            e === 'archivist' ? ms(b.openMs, 0) : '—',
            ms(l.openMs, 0),
            mb(l.savedBytes),
            perPassage(l.savedBytes, n),
            perPassage(b.indexBytes, n),
            perPassage(l.rss - l.rssBaseline, n),
            mb(l.rss),
            mb(Math.max(b.peakRss, l.peakRss)),
          ];
        }),
      ),
    );
    out.push(
      `Index build: from passages in memory. First start (Archivist): read the article files, chunk and index, as a start with no saved index does. Start from saved: a fresh process reads the saved index and is ready to answer (Archivist also reads the article files, which it quotes; the peers restore their index only). Index / passage: heap and array buffers the built index holds, after full GCs (passages and article texts not counted). Memory / passage: RSS above the same process before any data was read, after two full GCs, once started from the saved index and its questions answered (Archivist's includes the article texts). Peak RSS: the higher of the build and load processes (VmHWM). Node + tsx with nothing loaded: RSS ${mb(runtime.rss)}.`,
    );
    out.push('');
    const lat = (e: Engine) => get(loaded, e).latency as NonNullable<ChildResult['latency']>;
    out.push(
      table(
        ['System', 'p50', 'p95', 'p99', 'p50 vs Lunr', 'p99 vs Lunr', 'SOTU top-1', 'SOTU recall@3'],
        ENGINES.map((e) => {
          const q = get(loaded, e).sotu as Quality;
          return [
            LABEL[e],
            ms(lat(e).p50, 3),
            ms(lat(e).p95, 3),
            ms(lat(e).p99, 3),
            ratio(lat(e).p50, lat('lunr').p50),
            ratio(lat(e).p99, lat('lunr').p99),
            `${((100 * q.top1) / q.questions).toFixed(0)}% (${q.top1}/${q.questions})`,
            `${((100 * q.recall3) / q.questions).toFixed(0)}% (${q.recall3}/${q.questions})`,
          ];
        }),
      ),
    );
    out.push(
      `Latency: ${lat('archivist').samples} timed questions per system (${sotuQuestions.length + sotuTimingOnly.length} questions × ${rounds} rounds after ${Math.min(2, rounds)} warm-up rounds), in the process started from the saved index; Archivist's figure is the whole AnswerService.ask (search, filter, rerank, highlights), the peers' is their search call. Quality: ${sotuQuestions.length} SOTU questions${scale > 1 ? ', right in any copy of the right address' : ''}.`,
    );
    out.push('');
    out.push(
      table(
        ['Archivist end to end (Slack HTTP mode, stand-in)', 'p50', 'p99', 'max'],
        [
          ['`/ask`, one at a time', ms(e2e.ask.p50, 1), ms(e2e.ask.p99, 1), '—'],
          ['cheap question alone', ms(e2e.cheapAlone.p50, 1), '—', ms(e2e.cheapAlone.max, 1)],
          [
            `cheap question sent 2 ms after a ${e2e.expensive.chars.toLocaleString('en')}-character one`,
            ms(e2e.cheapBeside.p50, 1),
            '—',
            ms(e2e.cheapBeside.max, 1),
          ],
          [
            `the ${e2e.expensive.chars.toLocaleString('en')}-character question`,
            ms(e2e.expensive.p50, 1),
            '—',
            '—',
          ],
        ],
      ),
    );
    out.push(
      `End to end: the compiled bot (\`node scripts/start.mjs src/main.js\`, what \`npm start\` runs) in Slack HTTP mode (search workers: one per core, the default); its first start, building and saving an index per search shard, took ${(e2e.firstStartMs / 1000).toFixed(1)} s, a restart from those saved indexes ${(e2e.startMs / 1000).toFixed(1)} s (to a healthy /healthz); \`/ask\` posted signed to its /slack/events as Slack posts it, timed until the answer reached the command's response_url on the stand-in (${e2e.ask.samples} questions, 3 rounds after a warm-up). The cheap question ("Who announced that the era of big government is over?"): 10 times alone, then 10 times 2 ms after the first ${e2e.expensive.chars.toLocaleString('en')} characters of the 1823 address sent as a question (MAX_QUESTION_CHARS=4000).`,
    );
    out.push('');
    out.push(
      qualityTable({
        ...bundled,
        [`SOTU${scale > 1 ? ` ×${scale}` : ''}`]: Object.fromEntries(
          ENGINES.map((e) => [QUALITY_KEY[e], { quality: get(loaded, e).sotu as Quality }]),
        ),
        ...brown.sets,
      }),
    );
    out.push(...brown.notes);
    out.push('');
    const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const build = get(built, 'archivist');
    const load = get(loaded, 'archivist');
    const loadRatio = (load.openMs ?? 0) / (build.openMs ?? 1);
    const share = (set: string, system: 'Archivist' | 'MiniSearch', k: 'top1' | 'recall3') => {
      const q = ({ ...bundled, ...brown.sets } as QualityBySet)[set]?.[system]?.quality;
      return q ? q[k] / q.questions : 0;
    };
    const top1 = share('Bundled articles', 'Archivist', 'top1');
    const sotuR3 = (q: Quality | undefined) => (q ? q.recall3 / q.questions : 0);
    out.push('Targets:');
    out.push(
      `- query p50 ≤ 0.5× Lunr's: ${ratio(lat('archivist').p50, lat('lunr').p50)} — ${check(lat('archivist').p50 <= 0.5 * lat('lunr').p50)}`,
    );
    out.push(`- query p99 < 10 ms: ${ms(lat('archivist').p99)} — ${check(lat('archivist').p99 < 10)}`);
    out.push(
      `- loading the saved index ≤ 0.3× a rebuild: ${loadRatio.toFixed(2)}× (${ms(load.openMs, 0)} vs ${ms(build.openMs, 0)}) — ${check(loadRatio <= 0.3)}`,
    );
    out.push(`- RSS < 150 MB (loaded from disk): ${mb(load.rss)} — ${check(load.rss < 150e6)}`);
    out.push(`- bundled articles top-1 ≥ 96%: ${(100 * top1).toFixed(0)}% — ${check(top1 >= 0.96)}`);
    for (const set of ['Brown press, tuning', 'Brown press, held out']) {
      const t1 = share(set, 'Archivist', 'top1');
      const r3 = share(set, 'Archivist', 'recall3');
      out.push(
        `- ${set}: top-1 ≥ 85%: ${(100 * t1).toFixed(0)}% — ${check(t1 >= 0.85)}; recall@3 ≥ 95%: ${(100 * r3).toFixed(0)}% — ${check(r3 >= 0.95)}`,
      );
    }
    const none = brown.sets['Brown press, tuning']?.Archivist?.nothing;
    out.push(
      `- unanswerable → nothing: ${none?.n}/${none?.of} — ${check(none !== undefined && none.n === none.of)}`,
    );
    out.push(
      `- SOTU recall@3 ≥ MiniSearch defaults': ${(100 * sotuR3(load.sotu)).toFixed(0)}% vs ${(100 * sotuR3(get(loaded, 'minisearch').sotu)).toFixed(0)}% — ${check(sotuR3(load.sotu) >= sotuR3(get(loaded, 'minisearch').sotu))}`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    if (values.keep) process.stderr.write(`Kept ${workDir}\n`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

await main();
