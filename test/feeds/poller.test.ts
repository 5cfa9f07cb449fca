import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/core/articles.js';
import { atom, type FeedServer, jsonFeed, page, rss, startFeedServer } from '../support/feed-server.js';
import { makeRig, pollOnce, type Rig, ZEPPELIN_PAGE } from './helpers.js';

let server: FeedServer;
let rig: Rig;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await rig?.cleanup();
  await server.close();
});

const item = (n: number, extra: Partial<Parameters<typeof rss>[1][number]> = {}) => ({
  title: `Story ${n}: ${ZEPPELIN_PAGE.title}`,
  link: server.url(`/story-${n}`),
  guid: `story-${n}`,
  date: '2025-11-02T09:30:00+09:00',
  author: 'Kim Min-ji',
  ...extra,
});

async function addFeed(path: string, body: string, type = 'application/rss+xml', etag?: string) {
  server.set(path, { body, type, ...(etag ? { etag } : {}) });
  await rig.poller.add(server.url(path), { platform: 'discord', channelId: '123456789012345678' }, 'u1');
  return server.url(path);
}

describe('feed items become articles', () => {
  it('writes an RSS item with the page main text, the item date, the feed as publisher, the author and the link', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html; charset=utf-8', body: page(ZEPPELIN_PAGE) });
    const url = await addFeed('/feed.xml', rss('Gyeongju Wire', [item(1)]));
    await pollOnce(rig, url);

    const files = await rig.files();
    expect(files).toEqual(['2025-11-02-story-1-a-silver-zeppelin-lands-in-gyeongju.md']);
    const text = await rig.read(files[0] ?? '');
    expect(parseArticle(files[0] ?? '', text)).toMatchObject({
      title: `Story 1: ${ZEPPELIN_PAGE.title}`,
      // The item's own date as written (+09:00), not shifted to UTC.
      date: '2025-11-02',
      source: 'Gyeongju Wire',
      url: server.url('/story-1'),
      author: 'Kim Min-ji',
    });
    expect(text).toContain('moored for three hours');
    expect(text).not.toContain('Home');
    expect(text).toMatch(/^text: page$/m);
    const feed = await rig.store.getFeed(url);
    expect(feed).toMatchObject({ itemsTaken: 1, failures: 0 });
    expect(feed?.lastSuccessAt).toBeInstanceOf(Date);
  });

  it('reads Atom (the alternate link, not rel=self) and JSON Feed the same way', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    server.set('/story-2', { type: 'text/html', body: page({ ...ZEPPELIN_PAGE, title: 'Second' }) });
    const a = await addFeed('/atom.xml', atom('Atom Wire', [item(1)]), 'application/atom+xml');
    const j = await addFeed('/feed.json', jsonFeed('JSON Wire', [item(2)]), 'application/feed+json');
    await pollOnce(rig, a);
    await pollOnce(rig, j);
    const files = await rig.files();
    expect(files).toHaveLength(2);
    const texts = await Promise.all(files.map((f) => rig.read(f)));
    expect(texts.join('\n')).toMatch(/source: Atom Wire/);
    expect(texts.join('\n')).toMatch(/source: JSON Wire/);
    expect(texts.join('\n')).toContain(`url: ${server.url('/story-1')}`);
    expect(server.hits('/self')).toEqual([]);
  });

  it('uses the item text when the page cannot be fetched, and records that in the article', async () => {
    rig = await makeRig();
    server.set('/story-3', { status: 500, type: 'text/html', body: 'oops' });
    const url = await addFeed(
      '/feed.xml',
      rss('Wire', [item(3, { content: '<p>The zeppelin left for Pohang at noon.</p><p>Crowds waved.</p>' })]),
    );
    await pollOnce(rig, url);
    const [file] = await rig.files();
    const text = await rig.read(file ?? '');
    expect(text).toContain('The zeppelin left for Pohang at noon.\n\nCrowds waved.');
    expect(text).toMatch(/^text: "feed item \(the page could not be fetched: HTTP 500\)"$/m);
    expect(rig.logs.some((l) => l.msg === 'feed item page rejected' && l.reason === 'HTTP 500')).toBe(true);
  });
});

describe('conditional GET', () => {
  it('sends the validators back and does no work on a 304', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    const url = await addFeed('/feed.xml', rss('Wire', [item(1)]), 'application/rss+xml', '"v1"');
    await pollOnce(rig, url);
    expect(await rig.files()).toHaveLength(1);
    const before = server.requests.length;

    await pollOnce(rig, url);
    const again = server.requests.slice(before);
    expect(again.map((r) => [r.path, r.status])).toEqual([['/feed.xml', 304]]);
    expect(again[0]?.headers['if-none-match']).toBe('"v1"');
    expect(await rig.files()).toHaveLength(1);
    expect(await rig.store.getFeed(url)).toMatchObject({ etag: '"v1"', failures: 0, itemsTaken: 1 });
  });

  it('uses Last-Modified when there is no ETag', async () => {
    rig = await makeRig();
    const lm = 'Sun, 02 Nov 2025 01:00:00 GMT';
    server.set('/feed.xml', { body: rss('Wire', []), lastModified: lm });
    await rig.poller.add(server.url('/feed.xml'), undefined, 'u');
    await pollOnce(rig, server.url('/feed.xml'));
    await pollOnce(rig, server.url('/feed.xml'));
    expect(server.hits('/feed.xml').map((r) => r.status)).toEqual([200, 304]);
    expect(server.hits('/feed.xml')[1]?.headers['if-modified-since']).toBe(lm);
  });

  it('takes only the new item when the feed changes', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    server.set('/story-2', { type: 'text/html', body: page({ ...ZEPPELIN_PAGE, title: 'Two' }) });
    const url = await addFeed('/feed.xml', rss('Wire', [item(1)]), 'application/rss+xml', '"v1"');
    await pollOnce(rig, url);
    server.set('/feed.xml', { body: rss('Wire', [item(2), item(1)]), etag: '"v2"' });
    await pollOnce(rig, url);
    expect(await rig.files()).toHaveLength(2);
    expect(server.hits('/story-1')).toHaveLength(1);
    expect(await rig.store.getFeed(url)).toMatchObject({ etag: '"v2"', itemsTaken: 2 });
  });
});

describe('broken feeds', () => {
  it('records broken XML with its reason, writes nothing, and backs off', async () => {
    rig = await makeRig();
    const url = await addFeed('/feed.xml', '<rss><channel><item><title>unclosed');
    await pollOnce(rig, url);
    expect(await rig.files()).toEqual([]);
    const feed = await rig.store.getFeed(url);
    expect(feed?.failures).toBe(1);
    expect(feed?.lastError).toMatch(/^not a readable RSS or Atom feed/);
    expect(feed?.nextPollAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(rig.logs.find((l) => l.msg === 'feed rejected')).toMatchObject({ feed: url, failures: 1 });
  });

  it('pauses a feed after repeated 500s and says so in the channel that added it', async () => {
    rig = await makeRig();
    server.set('/feed.xml', { status: 500, body: 'down' });
    await rig.poller.add(server.url('/feed.xml'), { platform: 'slack', channelId: 'C0FEEDS' }, 'u1');
    const url = server.url('/feed.xml');
    for (let i = 0; i < 3; i++) await pollOnce(rig, url);
    const feed = await rig.store.getFeed(url);
    expect(feed).toMatchObject({ failures: 3, lastError: 'HTTP 500' });
    expect(feed?.pausedAt).toBeInstanceOf(Date);
    expect(rig.notices).toEqual([
      {
        ref: { platform: 'slack', channelId: 'C0FEEDS' },
        text: expect.stringContaining(`The feed ${url} is paused`),
      },
    ]);
    // Paused feeds are not polled; adding it again resumes it.
    const hits = server.hits('/feed.xml').length;
    await rig.poller.pollDue();
    expect(server.hits('/feed.xml')).toHaveLength(hits);
    await rig.poller.add(url, undefined, 'u1');
    expect(await rig.store.getFeed(url)).toMatchObject({ failures: 0 });
    expect((await rig.store.getFeed(url))?.pausedAt).toBeUndefined();
  });

  it('follows redirects, and refuses loops, non-http targets and the ops endpoint', async () => {
    rig = await makeRig({
      guard: { timeoutMs: 5_000, maxBytes: 1024 * 1024, ops: { host: '127.0.0.1', port: 9 } },
    });
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    server.set('/moved.xml', { body: rss('Wire', [item(1)]) });
    server.set('/old.xml', { redirect: '/moved.xml' });
    await rig.poller.add(server.url('/old.xml'), undefined, 'u');
    await pollOnce(rig, server.url('/old.xml'));
    expect(await rig.files()).toHaveLength(1);

    server.set('/loop.xml', { redirect: '/loop.xml' });
    server.set('/ftp.xml', { redirect: 'ftp://127.0.0.1/feed.xml' });
    server.set('/ops.xml', { redirect: 'http://localhost:9/metrics' });
    for (const p of ['/loop.xml', '/ftp.xml', '/ops.xml']) {
      await rig.poller.add(server.url(p), undefined, 'u');
      await pollOnce(rig, server.url(p));
    }
    expect((await rig.store.getFeed(server.url('/loop.xml')))?.lastError).toBe('more than 5 redirects');
    expect((await rig.store.getFeed(server.url('/ftp.xml')))?.lastError).toBe(
      'only http and https URLs are fetched, not ftp',
    );
    expect((await rig.store.getFeed(server.url('/ops.xml')))?.lastError).toBe(
      "refused: that is the bot's own ops endpoint",
    );
    // Added directly, the ops endpoint and other schemes are refused before anything is stored.
    expect(await rig.poller.add('http://127.0.0.1:9/healthz', undefined, 'u')).toEqual({
      refused: "refused: that is the bot's own ops endpoint",
    });
    expect(await rig.poller.add('file:///etc/passwd', undefined, 'u')).toEqual({
      refused: 'only http and https URLs are fetched, not file',
    });
    expect(await rig.store.getFeed('http://127.0.0.1:9/healthz')).toBeUndefined();
  });

  it('gives up on a feed that never finishes within the timeout', async () => {
    rig = await makeRig({ guard: { timeoutMs: 300, maxBytes: 1024 * 1024 } });
    server.set('/slow.xml', { hang: true });
    await rig.poller.add(server.url('/slow.xml'), undefined, 'u');
    await pollOnce(rig, server.url('/slow.xml'));
    expect((await rig.store.getFeed(server.url('/slow.xml')))?.lastError).toBe(
      'no complete response within 300 ms',
    );
  });
});

describe('limits', () => {
  it('stops reading a 50 MB page at the byte cap and falls back to the item text', async () => {
    rig = await makeRig({ guard: { timeoutMs: 10_000, maxBytes: 1024 * 1024 } });
    server.set('/huge', { streamBytes: 50 * 1024 * 1024 });
    const url = await addFeed(
      '/feed.xml',
      rss('Wire', [item(9, { link: server.url('/huge'), content: 'The zeppelin story in brief.' })]),
    );
    await pollOnce(rig, url);
    const [file] = await rig.files();
    expect(await rig.read(file ?? '')).toMatch(
      /text: "feed item \(the page could not be fetched: larger than 1048576 bytes/,
    );
    // The server stopped well short of 50 MB: the body was not buffered whole.
    await new Promise((r) => setTimeout(r, 100));
    const sent = server.hits('/huge')[0]?.bytes ?? 0;
    expect(sent).toBeLessThan(10 * 1024 * 1024);
    expect(
      rig.logs.some((l) => l.msg === 'feed item page rejected' && String(l.reason).startsWith('larger than')),
    ).toBe(true);
  });

  it('abandons a page that never finishes and takes the item text instead', async () => {
    rig = await makeRig({ guard: { timeoutMs: 300, maxBytes: 1024 * 1024 } });
    server.set('/stuck', { hang: true, type: 'text/html' });
    const url = await addFeed(
      '/feed.xml',
      rss('Wire', [item(4, { link: server.url('/stuck'), content: 'Short text.' })]),
    );
    await pollOnce(rig, url);
    const [file] = await rig.files();
    expect(await rig.read(file ?? '')).toContain(
      'text: "feed item (the page could not be fetched: no complete response within 300 ms)"',
    );
  });

  it('refuses a feed over the cap', async () => {
    rig = await makeRig({ guard: { timeoutMs: 5_000, maxBytes: 2048 } });
    const url = await addFeed(
      '/big.xml',
      rss(
        'Wire',
        Array.from({ length: 40 }, (_, i) => item(i)),
      ),
    );
    await pollOnce(rig, url);
    expect((await rig.store.getFeed(url))?.lastError).toMatch(/^larger than 2048 bytes/);
  });
});

describe('duplicates', () => {
  it('writes a story carried by two feeds once (same GUID, or the same URL with tracking parameters)', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    server.set('/story-2', { type: 'text/html', body: page({ ...ZEPPELIN_PAGE, title: 'Two' }) });
    const a = await addFeed('/a.xml', rss('Wire A', [item(1), item(2)]));
    const b = await addFeed(
      '/b.xml',
      jsonFeed('Wire B', [
        // Same page, other GUID, tracking parameters and a fragment.
        item(1, { guid: 'b-1', link: `${server.url('/story-1')}?utm_source=rss#top` }),
        // Same GUID, other link.
        item(2, { link: server.url('/story-2-amp') }),
      ]),
      'application/feed+json',
    );
    await pollOnce(rig, a);
    await pollOnce(rig, b);
    expect(await rig.files()).toHaveLength(2);
    expect((await rig.store.getFeed(b))?.itemsTaken).toBe(0);
    expect(server.hits('/story-1')).toHaveLength(1);
  });

  it('skips a story linked under another URL whose page names a canonical URL already taken', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    server.set('/amp/story-1', {
      type: 'text/html',
      body: page({ ...ZEPPELIN_PAGE, canonical: server.url('/story-1') }),
    });
    const a = await addFeed('/a.xml', rss('Wire A', [item(1)]));
    const b = await addFeed(
      '/b.xml',
      rss('Wire B', [item(1, { guid: 'amp-1', link: server.url('/amp/story-1') })]),
    );
    await pollOnce(rig, a);
    await pollOnce(rig, b);
    expect(await rig.files()).toHaveLength(1);
    expect(rig.logs.some((l) => l.msg === 'feed item skipped: its page is already in the archive')).toBe(
      true,
    );
  });
});

describe('nothing invented', () => {
  it('keeps one row per feed however its URL is written: FEEDS, /feeds add and /feeds remove agree', async () => {
    server.set('/feed.xml', { body: rss('Wire', []) });
    const plain = server.url('/feed.xml');
    const shouted = `${plain.replace('http://', 'HTTP://')}#latest`;
    rig = await makeRig({ configUrls: [shouted, plain] });
    await rig.poller.start();
    expect((await rig.store.listFeeds()).map((f) => f.url)).toEqual([plain]);
    await rig.poller.add(`${plain}#top`, undefined, 'admin');
    expect((await rig.store.listFeeds()).map((f) => f.url)).toEqual([plain]);
    expect((await rig.poller.remove(shouted))?.url).toBe(plain);
    expect(await rig.store.listFeeds()).toEqual([]);
  });

  it('skips an item dated in the future (it would head every listing for years), and logs why', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    const url = await addFeed('/feed.xml', rss('Wire', [item(1, { date: '2099-01-01T00:00:00Z' })]));
    await pollOnce(rig, url);
    expect(await rig.files()).toEqual([]);
    expect(rig.logs.find((l) => l.msg === 'feed item rejected')).toMatchObject({
      reason: 'dated 2099-01-01, in the future',
    });
  });

  it('skips an item with no date in it or its page, and logs why', async () => {
    rig = await makeRig();
    server.set('/story-1', { type: 'text/html', body: page(ZEPPELIN_PAGE) });
    const url = await addFeed('/feed.xml', rss('Wire', [item(1)]).replace(/<pubDate>[^<]*<\/pubDate>/, ''));
    await pollOnce(rig, url);
    expect(await rig.files()).toEqual([]);
    expect(rig.logs.find((l) => l.msg === 'feed item rejected')).toMatchObject({
      reason: 'no date in the item or its page',
    });
  });
});
