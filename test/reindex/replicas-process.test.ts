import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotProcess, eventually, killBots, ROOT, spawnBot } from '../support/spawn-bot.js';
import { NOTHING, ZEPPELIN } from '../support/zeppelin.js';

/**
 * Live reindex across replicas: there is no notification between processes; each replica watches the
 * shared articles folder itself. One replica here uses change events, the other polls (WATCH_POLL=on,
 * what a network filesystem needs), so both ways of noticing a change are exercised.
 */

let root = '';
afterEach(async () => {
  await killBots();
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

/** Asks until the reply matches: each replica reindexes a moment after the file lands. */
function askUntil(bot: BotProcess, question: string, pattern: RegExp): Promise<string> {
  let last = '';
  return eventually(
    () => `reply to "${question}" matching ${pattern} (last: ${last.slice(0, 300)})`,
    async () => {
      last = await bot.ask(question);
      return pattern.test(last) ? last : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

describe('live reindex with two replicas on one shared articles folder', () => {
  it('both replicas answer from an article dropped into the shared folder, and both forget it once removed', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'archivist-shared-'));
    const shared = path.join(root, 'articles');
    await cp(path.join(ROOT, 'data/articles'), shared, { recursive: true });
    // The index cache and state stay per replica; only the articles are shared.
    const replica = (name: string, env: Record<string, string> = {}) =>
      spawnBot({
        cwd: root,
        args: ['--data', shared],
        timeoutMs: 30_000,
        env: {
          INDEX_CACHE: path.join(root, name, 'index.json'),
          STATE_DB: path.join(root, name, 'archivist.db'),
          ...env,
        },
      });
    const bots = [replica('events'), replica('polling', { WATCH_POLL: 'on' })];
    for (const bot of bots) expect(await bot.ask('Where did the zeppelin land?')).toMatch(NOTHING);

    const file = path.join(shared, '2025-11-02 zeppelin.md');
    await writeFile(file, ZEPPELIN);
    for (const bot of bots) {
      expect(await askUntil(bot, 'Where did the zeppelin land?', /silver zeppelin landed/)).toMatch(
        /A zeppelin lands in Gyeongju/,
      );
    }

    await rm(file);
    for (const bot of bots) await askUntil(bot, 'zeppelin', NOTHING);
    for (const bot of bots) expect(bot.stderr()).not.toMatch(/reindex failed|"level":50/);
  }, 120_000);
});
