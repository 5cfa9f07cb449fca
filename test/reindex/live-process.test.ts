import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, killBots, ROOT, spawnBot } from '../support/spawn-bot.js';
import { NOTHING, ZEPPELIN } from '../support/zeppelin.js';

let root = '';
afterEach(async () => {
  await killBots();
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

/** The bot in terminal mode on a copy of the bundled articles, as `npm start -- --data DIR` runs it. */
async function startBot(env: Record<string, string> = {}) {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-live-'));
  const dir = path.join(root, 'articles');
  await cp(path.join(ROOT, 'data/articles'), dir, { recursive: true });
  const bot = spawnBot({
    cwd: root,
    args: ['--data', dir],
    env: {
      INDEX_CACHE: path.join(root, 'var', 'index.json'),
      STATE_DB: path.join(root, 'var', 'archivist.db'),
      ...env,
    },
  });
  return { bot, dir };
}

/** Asks until the reply matches: the reindex lands a moment after the file does. */
function askUntil(bot: ReturnType<typeof spawnBot>, question: string, pattern: RegExp): Promise<string> {
  let last = '';
  return eventually(
    () => `reply to "${question}" matching ${pattern} (last: ${last.slice(0, 300)})`,
    async () => {
      last = await bot.ask(question);
      return pattern.test(last) ? last : undefined;
    },
  );
}

describe('live reindex through the real entry point', () => {
  it('answers from an article dropped in while running, follows its edits, and forgets it once removed', async () => {
    const { bot, dir } = await startBot();
    expect(await bot.ask('Where did the zeppelin land?')).toMatch(NOTHING);

    const file = path.join(dir, '2025-11-02 zeppelin.md');
    await writeFile(file, ZEPPELIN);
    const quoted = await askUntil(bot, 'Where did the zeppelin land?', /silver zeppelin landed/);
    expect(quoted).toMatch(/A zeppelin lands in Gyeongju/);
    // Other questions are answered as before.
    expect(await bot.ask('What phones did Xi give President Lee?')).toMatch(/Xiaomi/);
    // The saved index follows (written off the main thread), so a restart loads it.
    // One file per search shard (var/index.1-of-2.json…), or var/index.json without workers.
    const saved = path.join(path.dirname(dir), 'var');
    await eventually(
      () => 'the saved index holding the new article',
      async () => {
        const files = (await readdir(saved).catch(() => [])).filter((f) => /^index.*\.json$/.test(f));
        const texts = await Promise.all(
          files.map((f) => readFile(path.join(saved, f), 'utf8').catch(() => '')),
        );
        return texts.some((t) => t.includes('2025-11-02-zeppelin#')) || undefined;
      },
    );

    await writeFile(file, (await readFile(file, 'utf8')).replace(/zeppelin/g, 'dirigible'));
    await askUntil(bot, 'Where did the dirigible land?', /silver dirigible landed/);
    expect(await bot.ask('zeppelin')).toMatch(NOTHING);

    await rm(file);
    await askUntil(bot, 'dirigible', NOTHING);
    expect(bot.stderr()).not.toMatch(/reindex failed|"level":50/);
  }, 90_000);

  it('logs a broken article file with its path and line', async () => {
    const { bot, dir } = await startBot();
    expect(await bot.ask('Where did the zeppelin land?')).toMatch(NOTHING);
    await writeFile(path.join(dir, 'broken.md'), ZEPPELIN.replace('date: 2025-11-02\n', ''));
    await bot.waitFor('stderr', /skipped [^"]*broken\.md:4: missing required field/);
    // End of input still ends the bot, watcher and all.
    bot.child.stdin?.end();
    expect(await bot.exit).toBe(0);
  }, 60_000);

  it('leaves the archive alone with WATCH_DATA=off', async () => {
    const { bot, dir } = await startBot({ WATCH_DATA: 'off' });
    expect(await bot.ask('Where did the zeppelin land?')).toMatch(NOTHING);
    await writeFile(path.join(dir, 'zeppelin.md'), ZEPPELIN);
    // Longer than a live reindex takes here (debounce 500 ms, then a rebuild of two articles).
    await new Promise((r) => setTimeout(r, 2500));
    expect(await bot.ask('Where did the zeppelin land?')).toMatch(NOTHING);
  }, 60_000);
});
