import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FeedServer, rss, startFeedServer } from '../support/feed-server.js';
import { killBots, ROOT, spawnBot } from '../support/spawn-bot.js';

let root = '';
let server: FeedServer | undefined;
afterEach(async () => {
  await killBots();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

describe('/feeds add on a URL listed in FEEDS', () => {
  it('resumes it and leaves it a FEEDS feed in /feeds list', async () => {
    server = await startFeedServer();
    server.set('/feed.xml', { body: rss('Gyeongju Wire', []) });
    root = await mkdtemp(path.join(tmpdir(), 'archivist-feeds-config-'));
    const dir = path.join(root, 'articles');
    await cp(path.join(ROOT, 'data/articles'), dir, { recursive: true });
    const url = server.url('/feed.xml');
    const bot = spawnBot({
      cwd: root,
      args: ['--data', dir],
      env: {
        INDEX_CACHE: path.join(root, 'var', 'index.json'),
        STATE_DB: path.join(root, 'var', 'archivist.db'),
        FEEDS: url,
      },
      timeoutMs: 30_000,
    });
    expect(await bot.ask(`/feeds add ${url}`)).toContain('was already a feed; it is resumed');
    const list = await bot.ask('/feeds list');
    expect(list).toContain(url);
    expect(list).toContain('from FEEDS');
  }, 60_000);
});
