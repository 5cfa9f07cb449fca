import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedStore } from '../../src/core/feed-state.js';
import { PostgresFeedStore } from '../../src/state/postgres-feeds.js';
import { SqliteFeedStore } from '../../src/state/sqlite-feeds.js';
import { freshSchema, type PgPlace } from '../state/pg-fixture.js';
import { type FeedServer, page, rss, startFeedServer } from '../support/feed-server.js';
import { makeRig, pollOnce, type Rig, ZEPPELIN_PAGE } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two connections to one store, as two replicas (or two processes on one SQLite file) have. */
type Pair = () => Promise<[FeedStore, FeedStore]>;

const sqlitePair: Pair = async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'archivist-feedstore-'));
  const a = SqliteFeedStore.open(path.join(root, 'state.db'));
  const b = SqliteFeedStore.open(path.join(root, 'state.db'));
  cleanups.push(async () => {
    await a.close();
    await b.close();
    await rm(root, { recursive: true, force: true });
  });
  return [a, b];
};

const pgPair: Pair = async () => {
  const place: PgPlace = await freshSchema();
  const a = await PostgresFeedStore.open(place.url);
  const b = await PostgresFeedStore.open(place.url);
  cleanups.push(async () => {
    await a.close();
    await b.close();
    await place.drop();
  });
  return [a, b];
};

const at = new Date('2025-11-02T00:00:00Z');

describe.each([
  ['SQLite', sqlitePair],
  ['PostgreSQL', pgPair],
])('%s feed store', (_name, pair) => {
  it('adds, lists, pauses and resumes feeds; a config save never takes over a command feed', async () => {
    const [s] = await pair();
    const url = 'https://news.example/feed.xml';
    const first = await s.saveFeed(
      { url, source: 'command', addedIn: { platform: 'discord', channelId: '1' }, addedBy: 'u' },
      at,
    );
    expect(first).toMatchObject({
      created: true,
      feed: { url, source: 'command', failures: 0, itemsTaken: 0 },
    });
    expect(first.feed.addedIn).toEqual({ platform: 'discord', channelId: '1' });
    expect((await s.saveFeed({ url, source: 'config' }, at)).feed.source).toBe('command');

    const next = new Date(at.getTime() + 60_000);
    expect((await s.recordFeedFailure(url, 'HTTP 500', at, next, 2))?.pausedAt).toBeUndefined();
    const paused = await s.recordFeedFailure(url, 'x'.repeat(5000), at, next, 2);
    expect(paused).toMatchObject({ failures: 2, nextPollAt: next });
    expect(paused?.pausedAt).toEqual(at);
    expect(paused?.lastError?.length).toBeLessThanOrEqual(300);

    const resumed = await s.saveFeed({ url, source: 'command' }, at);
    expect(resumed.created).toBe(false);
    expect(resumed.feed.pausedAt).toBeUndefined();
    expect(resumed.feed.failures).toBe(0);

    await s.recordFeedSuccess(url, { etag: '"e"', lastModified: 'lm', taken: 3 }, at);
    await s.recordFeedSuccess(url, { etag: '"e"', taken: 2 }, at);
    expect(await s.getFeed(url)).toMatchObject({ etag: '"e"', itemsTaken: 5, lastSuccessAt: at });
    expect(await s.listFeeds()).toHaveLength(1);
    expect(await s.removeFeed(url, 'config')).toBeUndefined();
    expect((await s.removeFeed(url))?.url).toBe(url);
    expect(await s.listFeeds()).toEqual([]);
  });

  it('a FEEDS feed added again by command stays a FEEDS feed, resumed, with the channel kept', async () => {
    const [s] = await pair();
    const url = 'https://news.example/config.xml';
    await s.saveFeed({ url, source: 'config' }, at);
    const next = new Date(at.getTime() + 60_000);
    await s.recordFeedFailure(url, 'HTTP 500', at, next, 1);
    const again = await s.saveFeed(
      { url, source: 'command', addedIn: { platform: 'slack', channelId: 'C1' }, addedBy: 'u' },
      at,
    );
    expect(again.created).toBe(false);
    expect(again.feed).toMatchObject({ source: 'config', failures: 0, addedBy: 'u' });
    expect(again.feed.pausedAt).toBeUndefined();
    expect(again.feed.addedIn).toEqual({ platform: 'slack', channelId: 'C1' });
    expect((await s.getFeed(url))?.source).toBe('config');
  });

  it('claims an item once across connections, all keys or none', async () => {
    const [a, b] = await pair();
    const keys = ['guid:1', 'url:https://news.example/1'];
    const results = await Promise.all([
      a.claimItem(keys, 'f1', at),
      b.claimItem(keys, 'f2', at),
      a.claimItem(keys, 'f1', at),
      b.claimItem(keys, 'f2', at),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    // One key already taken: nothing of the other claim is kept.
    expect(await b.claimItem(['guid:2', 'url:https://news.example/1'], 'f2', at)).toBe(false);
    expect(await a.knownItems(['guid:1', 'guid:2', 'url:https://news.example/1'])).toEqual(
      new Set(['guid:1', 'url:https://news.example/1']),
    );
    await a.finishItem(keys, { released: true });
    expect(await b.claimItem(keys, 'f2', at)).toBe(true);
    await b.finishItem(keys, { slug: '2025-11-02-story' });
    expect(await a.claimItem(keys, 'f1', at)).toBe(false);
  });
});

describe('two replicas on one PostgreSQL', () => {
  let server: FeedServer;
  const rigs: Rig[] = [];
  afterEach(async () => {
    for (const r of rigs.splice(0)) await r.cleanup();
    await server?.close();
  });

  it('write each item of a feed they both poll at once exactly once', async () => {
    server = await startFeedServer();
    const [a, b] = await pgPair();
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-feeds-replicas-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const items = Array.from({ length: 6 }, (_, n) => {
      server.set(`/story-${n}`, { type: 'text/html', body: page({ ...ZEPPELIN_PAGE, title: `Story ${n}` }) });
      return { title: `Story ${n}`, link: server.url(`/story-${n}`), guid: `s${n}`, date: '2025-11-02' };
    });
    server.set('/feed.xml', { body: rss('Wire', items) });
    const one = await makeRig({ store: a, root });
    const two = await makeRig({ store: b, root });
    rigs.push(one, two);
    await one.poller.add(server.url('/feed.xml'), undefined, 'u');
    await Promise.all([pollOnce(one, server.url('/feed.xml')), pollOnce(two, server.url('/feed.xml'))]);
    expect(await one.files()).toHaveLength(6);
    // Each page fetched once: the loser of a claim does not even fetch.
    for (let n = 0; n < 6; n++) expect(server.hits(`/story-${n}`)).toHaveLength(1);
    expect((await a.getFeed(server.url('/feed.xml')))?.itemsTaken).toBe(6);
  });
});
