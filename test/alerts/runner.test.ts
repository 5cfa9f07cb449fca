import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertRunner, BURST_AFTER } from '../../src/alerts/runner.js';
import { AlertService } from '../../src/alerts/service.js';
import type { AlertStore } from '../../src/core/alert-state.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { InProcessAnswers } from '../../src/core/answers-port.js';
import { openArchive } from '../../src/core/archive.js';
import { PostgresAlertStore } from '../../src/state/postgres-alerts.js';
import { SqliteAlertStore } from '../../src/state/sqlite-alerts.js';
import { freshSchema } from '../state/pg-fixture.js';
import { alertWorld, matching, quietLog, recordingPoster, UNRELATED } from './world.js';

const ref = { platform: 'discord' as const, channelId: '1001' };
const slugsOf = (posts: ReturnType<typeof recordingPoster>['posts']) =>
  posts.map((p) => (p.post.kind === 'article' ? p.post.hit.source.slug : `burst of ${p.post.count}`));

interface Backend {
  name: string;
  /** A place for one test; `open` may be called again (a restart, another replica). */
  place(root: string): Promise<{ open: () => Promise<AlertStore>; drop: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    place: async (root) => ({
      open: async () => SqliteAlertStore.open(path.join(root, 'state.db')),
      drop: async () => {},
    }),
  },
  {
    name: 'PostgreSQL',
    place: async () => {
      const p = await freshSchema();
      return { open: () => PostgresAlertStore.open(p.url), drop: p.drop };
    },
  },
];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(backends)('alerts runner on $name', (backend) => {
  async function setUp() {
    const world = await alertWorld();
    const place = await backend.place(world.root);
    cleanups.push(world.cleanup, place.drop);
    const stores: AlertStore[] = [];
    const open = async () => {
      const s = await place.open();
      stores.push(s);
      return s;
    };
    cleanups.push(async () => {
      for (const s of stores) await s.close();
    });
    const store = await open();
    const poster = recordingPoster();
    const runner = (s: AlertStore = store, answers = world.answers) =>
      new AlertRunner({ store: s, answers, poster, platforms: new Set(['discord']), log: quietLog });
    const service = new AlertService(store, world.answers);
    return { world, store, open, poster, runner, service };
  }

  it('articles already in the archive are not alerted; a later match is posted once', async () => {
    const { world, poster, runner, service } = await setUp();
    const added = await service.add(ref, 'lighthouse keeper', 'U1');
    expect(added.kind).toBe('added');
    const r = runner();
    // old-lighthouse.md matches the search but was there when the alert was added.
    expect(await r.check()).toMatchObject({ posts: 0 });
    await world.add({ 'keeper-1.md': matching(1), 'bakery.md': UNRELATED });
    expect(await r.check()).toMatchObject({ posts: 1, articles: 1 });
    expect(slugsOf(poster.posts)).toEqual(['keeper-1']);
    const post = poster.posts[0]?.post;
    expect(post?.kind === 'article' && post.hit.text).toMatch(/lighthouse keeper, number 1/);
    expect(post?.kind === 'article' && post.hit.source.url).toBe('https://news.example/lighthouse-1');
    expect(poster.posts[0]?.target).toEqual(ref);
    // Nothing new: nothing more, however often it runs.
    expect(await r.check()).toMatchObject({ posts: 0 });
    expect(await r.check()).toMatchObject({ posts: 0 });
    expect(poster.posts).toHaveLength(1);
    expect((await service.list(ref))[0]).toMatchObject({ search: 'lighthouse keeper', sent: 1 });
  });

  it('a restart repeats nothing, and posts what was added while the bot was down', async () => {
    const { world, store, open, poster, runner, service } = await setUp();
    await service.add(ref, 'lighthouse keeper', 'U1');
    await world.add({ 'keeper-1.md': matching(1) });
    await runner().check();
    expect(slugsOf(poster.posts)).toEqual(['keeper-1']);
    await store.close();

    // Down: a file arrives. Then a new process: a fresh archive, a fresh store connection, a fresh runner.
    await writeFile(path.join(world.dataDir, 'keeper-2.md'), matching(2));
    const answers = new InProcessAnswers(
      new AnswerService(await openArchive({ dataDir: world.dataDir, cacheFile: false })),
    );
    const again = runner(await open(), answers);
    expect(await again.check()).toMatchObject({ posts: 1 });
    expect(await again.check()).toMatchObject({ posts: 0 });
    expect(slugsOf(poster.posts)).toEqual(['keeper-1', 'keeper-2']);
  });

  it('an edit of an alerted article does not alert again', async () => {
    const { world, poster, runner, service } = await setUp();
    await service.add(ref, 'lighthouse keeper', 'U1');
    const r = runner();
    await world.add({ 'keeper-1.md': matching(1) });
    await r.check();
    await world.add({ 'keeper-1.md': matching(1).replace('this week', 'this week, in a storm') });
    expect(await r.check()).toMatchObject({ posts: 0 });
    expect(poster.posts).toHaveLength(1);
  });

  it(`more than ${BURST_AFTER} matching articles at once are one summary post`, async () => {
    const { world, poster, runner, service } = await setUp();
    await service.add(ref, 'lighthouse keeper', 'U1');
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`keeper-${i + 1}.md`, matching(i + 1)]),
    );
    await world.add({ ...files, 'bakery.md': UNRELATED });
    const r = runner();
    expect(await r.check()).toMatchObject({ posts: 1, summaries: 1, articles: 12 });
    const post = poster.posts[0]?.post;
    expect(post?.kind).toBe('burst');
    if (post?.kind !== 'burst') return;
    expect(post.count).toBe(12);
    expect(post.top).toHaveLength(10);
    expect(post.top.every((s) => /^keeper-\d+$/.test(s.slug))).toBe(true);
    expect(await r.check()).toMatchObject({ posts: 0 });
    expect((await service.list(ref))[0]?.sent).toBe(12);
  });

  it('a removed alert posts nothing more; alerts of a platform not running here wait', async () => {
    const { world, poster, runner, service } = await setUp();
    const a = await service.add(ref, 'lighthouse keeper', 'U1');
    const slack = await service.add({ platform: 'slack', channelId: 'C1' }, 'lighthouse keeper', 'U1');
    if (a.kind !== 'added' || slack.kind !== 'added') throw new Error('not added');
    expect(await service.remove({ ...ref, channelId: 'other' }, a.alert.id)).toBeUndefined();
    expect(await service.remove(ref, a.alert.id)).toMatchObject({ id: a.alert.id });
    await world.add({ 'keeper-1.md': matching(1) });
    expect(await runner().check()).toMatchObject({ posts: 0 });
    expect(poster.posts).toEqual([]);
  });

  it('two processes on one store post each article once', async () => {
    const { world, open, poster, runner, service } = await setUp();
    await service.add(ref, 'lighthouse keeper', 'U1');
    await world.add({ 'keeper-1.md': matching(1), 'keeper-2.md': matching(2) });
    const a = runner(await open());
    const b = runner(await open());
    const reports = await Promise.all([a.check(), b.check(), a.check(), b.check()]);
    expect(reports.reduce((n, r) => n + r.articles, 0)).toBe(2);
    expect(slugsOf(poster.posts).sort()).toEqual(['keeper-1', 'keeper-2']);
  });

  it('refuses searches that could never match, and the same search twice', async () => {
    const { service } = await setUp();
    expect(await service.add(ref, '   ', 'U1')).toMatchObject({ kind: 'refused' });
    expect(await service.add(ref, 'what is the', 'U1')).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/needs words/),
    });
    expect(await service.add(ref, 'keeper after:2026-13-01', 'U1')).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/not a date/),
    });
    const first = await service.add(ref, 'Lighthouse keeper', 'U1');
    expect(await service.add(ref, 'lighthouse  keeper', 'U1')).toMatchObject({
      kind: 'exists',
      alert: { id: first.kind === 'added' ? first.alert.id : -1 },
    });
  });
});
