import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FeedServer, page, rss, startFeedServer } from '../support/feed-server.js';
import { eventually, killBots, ROOT, spawnBot } from '../support/spawn-bot.js';
import { NOTHING } from '../support/zeppelin.js';
import { ZEPPELIN_PAGE } from './helpers.js';

let root = '';
let server: FeedServer | undefined;
afterEach(async () => {
  await killBots();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

/** The bot as `FEEDS=… FEED_POLL_SECONDS=1 npm start -- --data DIR` runs it, in the terminal. */
async function startBot(env: Record<string, string>) {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-feeds-e2e-'));
  const dir = path.join(root, 'articles');
  await cp(path.join(ROOT, 'data/articles'), dir, { recursive: true });
  const bot = spawnBot({
    cwd: root,
    args: ['--data', dir],
    env: {
      INDEX_CACHE: path.join(root, 'var', 'index.json'),
      STATE_DB: path.join(root, 'var', 'archivist.db'),
      FEED_POLL_SECONDS: '1',
      ...env,
    },
    timeoutMs: 30_000,
  });
  return { bot, dir };
}

function askUntil(bot: ReturnType<typeof spawnBot>, question: string, pattern: RegExp): Promise<string> {
  let last = '';
  return eventually(
    () => `reply to "${question}" matching ${pattern} (last: ${last.slice(0, 400)})`,
    async () => {
      last = await bot.ask(question);
      return pattern.test(last) ? last : undefined;
    },
    { timeoutMs: 60_000, everyMs: 300 },
  );
}

describe('feeds through the real entry point', () => {
  it('answers a question about an item added to a FEEDS feed, quoting its page with its link', async () => {
    server = await startFeedServer();
    server.set('/feed.xml', { body: rss('Gyeongju Wire', []), etag: '"empty"' });
    server.set('/world/zeppelin', { type: 'text/html; charset=utf-8', body: page(ZEPPELIN_PAGE) });
    const { bot, dir } = await startBot({ FEEDS: server.url('/feed.xml') });
    expect(await bot.ask('Where did the zeppelin land?')).toMatch(NOTHING);

    server.set('/feed.xml', {
      etag: '"one"',
      body: rss('Gyeongju Wire', [
        {
          title: ZEPPELIN_PAGE.title,
          link: server.url('/world/zeppelin'),
          guid: 'zeppelin-1',
          date: '2025-11-02T10:00:00+09:00',
        },
      ]),
    });
    const reply = await askUntil(bot, 'Where did the zeppelin land?', /zeppelin landed on the lawn/);
    expect(reply).toContain(ZEPPELIN_PAGE.title);
    expect(reply).toContain('Gyeongju Wire');
    expect(reply).toContain(server.url('/world/zeppelin'));
    // Unchanged feed: polled with its ETag and answered 304, and the item is written once.
    await eventually(
      () => 'a 304 for the unchanged feed',
      async () => server?.hits('/feed.xml').some((r) => r.status === 304) || undefined,
    );
    expect((await readdir(dir)).filter((f) => f.includes('silver-zeppelin'))).toHaveLength(1);
    expect(server.hits('/world/zeppelin')).toHaveLength(1);
  }, 90_000);

  it('lets the terminal user add, list and remove a feed with /feeds', async () => {
    server = await startFeedServer();
    server.set('/other.xml', { body: rss('Other Wire', []) });
    const { bot } = await startBot({});
    const url = server.url('/other.xml');
    expect(await bot.ask(`/feeds add ${url}`)).toMatch(/Added/);
    const listed = await eventually(
      () => 'the feed listed with a successful poll',
      async () => {
        const out = await bot.ask('/feeds list');
        return /last success/i.test(out) ? out : undefined;
      },
    );
    expect(listed).toContain(url);
    expect(listed).toMatch(/0 items taken/);
    expect(await bot.ask('/feeds add ftp://127.0.0.1/feed.xml')).toMatch(/only http and https/);
    expect(await bot.ask(`/feeds remove ${url}`)).toMatch(/Removed/);
    expect(await bot.ask('/feeds list')).toMatch(/No feeds/);
  }, 60_000);
});
