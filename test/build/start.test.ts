import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, killBots, spawnBot } from '../support/spawn-bot.js';
import { ZEPPELIN } from '../support/zeppelin.js';
import { freshClone, productionCopy, ROOT, type Run, run } from './fresh-copy.js';

/**
 * `npm start` as a user meets it on a fresh clone: the first start builds dist/ (tsc) and every start
 * runs the compiled JavaScript. The clone is a temporary copy of this tree's sources, so the build
 * here is always a fresh one and the tree's own dist/ is left alone.
 */
const QUESTION = 'What phones did Xi give Lee?';
const BUILDING = /archivist: building dist\//g;
let clone: string;
let first: { start: Run; ask: Run };
const made: string[] = [];

beforeAll(async () => {
  clone = await freshClone();
  made.push(clone);
  // Two commands at once on a clone with no dist/: one builds, the other waits for it.
  const [start, ask] = await Promise.all([
    run(clone, 'npm', ['start', '--silent'], `${QUESTION}\n`),
    run(clone, 'npm', ['run', '--silent', 'ask', '--', '--json', QUESTION]),
  ]);
  first = { start, ask };
}, 180_000);

afterEach(killBots);
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

const answerOf = (r: Run) => JSON.parse(r.stdout) as { passages: { text: string }[] };

describe('npm start on a fresh clone', () => {
  it('builds dist/ once, even when two commands start together, and both answer', () => {
    expect(first.start.code, first.start.stderr).toBe(0);
    expect(first.ask.code, first.ask.stderr).toBe(0);
    expect(`${first.start.stderr}${first.ask.stderr}`.match(BUILDING)).toHaveLength(1);
    expect(first.start.stdout).toMatch(/Xiaomi/);
    expect(first.start.stdout).toMatch(/Unknown publisher · 1 Nov 2025/);
    expect(answerOf(first.ask).passages[0]?.text).toMatch(/Xiaomi/);
  });

  it('starts without building while the sources are unchanged, and rebuilds after an edit', async () => {
    const again = await run(clone, 'npm', ['run', '--silent', 'ask', '--', '--json', QUESTION]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(BUILDING);

    const later = new Date(Date.now() + 2000);
    await utimes(path.join(clone, 'src/core/version.ts'), later, later);
    const edited = await run(clone, 'npm', ['run', '--silent', 'ask', '--', '--json', QUESTION]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toMatch(/building dist\/ \(the sources changed\)/);
    expect(answerOf(edited).passages[0]?.text).toMatch(/Xiaomi/);
  }, 120_000);

  it('compiled code imports only Node built-ins and production dependencies (not tsx)', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set(Object.keys(pkg.dependencies).filter((name) => name !== 'tsx'));
    const dist = path.join(clone, 'dist');
    const files = (await readdir(dist, { recursive: true })).filter((f) => /\.m?js$/.test(f));
    expect(files).toContain(path.join('src', 'main.js'));
    const offending: string[] = [];
    for (const file of files) {
      const code = await readFile(path.join(dist, file), 'utf8');
      for (const { fileName: spec } of ts.preProcessFile(code, true, true).importedFiles) {
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : (spec.split('/')[0] ?? '');
        if (
          spec.startsWith('.') ||
          spec.startsWith('node:') ||
          builtinModules.includes(name) ||
          allowed.has(name)
        )
          continue;
        // The TypeScript bootstrap for worker threads is copied but only used when running from sources.
        if (file === path.join('src', 'reindex', 'worker-entry.mjs') && name === 'tsx') continue;
        offending.push(`${file}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('the build runs with production dependencies only and no sources, worker threads included', async () => {
    const prod = await productionCopy(clone);
    made.push(prod);
    const ask = await run(prod, 'node', ['scripts/start.mjs', 'src/cli/ask.js', '--json', QUESTION]);
    expect(ask.code, ask.stderr).toBe(0);
    expect(answerOf(ask).passages[0]?.text).toMatch(/Xiaomi/);

    // The terminal bot, kept running: an added article is reindexed and the saved index refreshed by
    // the cache worker thread, which must load its compiled .js (no .ts and no tsx here).
    const bot = spawnBot({ cwd: prod, node: ['scripts/start.mjs', 'src/main.js'], timeoutMs: 30_000 });
    expect(await bot.ask(QUESTION)).toMatch(/Xiaomi/);
    await writeFile(path.join(prod, 'data/articles/2025-11-02 zeppelin.md'), ZEPPELIN);
    await eventually(
      () => 'an answer from the added article',
      async () =>
        /silver zeppelin landed/.test(await bot.ask('Where did the zeppelin land?')) ? true : undefined,
      { timeoutMs: 30_000 },
    );
    // var/index.json, or one file per shard (index.1-of-2.json, …) when the search is sharded.
    const savedHold = async (text: string) => {
      const files = await readdir(path.join(prod, 'var')).catch(() => [] as string[]);
      for (const f of files.filter((name) => /^index\..*json$/.test(name)))
        if ((await readFile(path.join(prod, 'var', f), 'utf8').catch(() => '')).includes(text)) return true;
      return undefined;
    };
    await eventually(
      () => `the saved index holding the added article (stderr: ${bot.stderr().slice(-500)})`,
      () => savedHold('2025-11-02-zeppelin#'),
      { timeoutMs: 30_000 },
    );
    expect(bot.stderr()).not.toMatch(/saved index not refreshed|"level":50/);
  }, 120_000);
});
