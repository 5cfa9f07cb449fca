import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRunner } from '../../src/alerts/runner.js';
import { AlertService } from '../../src/alerts/service.js';
import { alertPoster } from '../../src/alerts/wiring.js';
import { SqliteAlertStore } from '../../src/state/sqlite-alerts.js';
import { directReply, type Harness, startHarness } from '../discord/harness.js';
import { alertWorld, article, matching, quietLog, UNRELATED } from './world.js';

const MANAGE_CHANNELS = String(1 << 4);
type Option = { name: string; type: number; value: unknown };

describe('alerts on the Discord stand-in, through the real discord.js client', () => {
  let h: Harness;
  let world: Awaited<ReturnType<typeof alertWorld>>;
  let store: SqliteAlertStore;
  let service: AlertService;
  const file = () => path.join(world.root, 'state.db');

  beforeAll(async () => {
    world = await alertWorld();
    store = SqliteAlertStore.open(file());
    service = new AlertService(store, world.answers);
    h = await startHarness({ services: { answers: world.answers, alerts: service } });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await world?.cleanup();
  });

  const ref = () => ({ platform: 'discord' as const, channelId: h.discord.channelId });
  const slash = (subcommand: string, permissions: string, options: Option[] = []) =>
    directReply(h, h.discord.sendSlashCommand({ name: 'alert', subcommand, permissions, options }).id);

  /** Tests run in any order: each starts with no alert in the channel and counts posts from there. */
  let mark = 0;
  async function fresh(): Promise<number> {
    for (const a of await store.listAlerts(ref())) await store.removeAlert(ref(), a.id);
    mark = h.discord.requests.length;
    const added = await service.add(ref(), 'lighthouse keeper', h.discord.user.id);
    if (added.kind !== 'added') throw new Error(`not added: ${added.kind}`);
    return added.alert.id;
  }
  const alertPosts = () =>
    h.discord.requests
      .slice(mark)
      .filter(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${h.discord.channelId}/messages` &&
          String(r.body?.content).startsWith('🔔'),
      );
  /** A new matching article of this test's own. */
  let n = 0;
  const keeper = (): Record<string, string> => {
    n++;
    return { [`keeper-${n}.md`]: matching(n) };
  };
  const runner = (s = store) =>
    new AlertRunner({
      store: s,
      answers: world.answers,
      poster: alertPoster([h.platform]),
      platforms: new Set(['discord']),
      log: quietLog,
    });

  it('refuses /alert add without Manage Channels, adds for a manager, and lists for anyone', async () => {
    await fresh();
    for (const a of await store.listAlerts(ref())) await store.removeAlert(ref(), a.id);
    const search = [{ name: 'search', type: 3, value: 'lighthouse keeper' }];
    const refused = await slash('add', '0', search);
    expect(refused.body.flags & 64).toBe(64);
    expect(refused.body.content).toMatch(
      /You need the Manage Channels permission to change this channel’s alerts/,
    );
    expect(await store.listAlerts(ref())).toEqual([]);

    const ok = await slash('add', MANAGE_CHANNELS, search);
    expect(ok.body.content).toMatch(/Alert #\d+ added: each new article that matches “lighthouse keeper”/);
    const [alert] = await store.listAlerts(ref());
    expect(alert).toMatchObject({ search: 'lighthouse keeper', createdBy: h.discord.user.id });
    const list = await slash('list', '0');
    expect(list.body.content).toContain(`#${alert?.id} “lighthouse keeper” · since `);
    expect(list.body.content).toMatch(/nothing posted yet/);
  });

  it('posts once per matching article (not for those already there), and not again after a restart', async () => {
    const id = await fresh();
    const r = runner();
    // "The old lighthouse keeper retires" matches, but was in the archive before the alert.
    expect(await r.check()).toMatchObject({ posts: 0 });
    expect(alertPosts()).toHaveLength(0);

    await world.add({ ...keeper(), [`bakery-${n}.md`]: UNRELATED });
    expect(await r.check()).toMatchObject({ posts: 1 });
    const [post] = alertPosts();
    expect(post?.status).toBe(200);
    expect(post?.body.content).toBe(`🔔 New article matching “lighthouse keeper” · alert #${id}`);
    const embed = post?.body.embeds[0];
    expect(embed.title).toBe(`Lighthouse keeper story ${n}`);
    expect(embed.url).toBe(`https://news.example/lighthouse-${n}`);
    expect(embed.description).toMatch(/\*\*lighthouse\*\* \*\*keeper\*\*/);
    expect(embed.footer.text).toBe('Harbour Herald · 1 Mar 2026 · paragraph 1 of 1');
    expect(post?.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(post?.body).toMatchObject({ enforce_nonce: true });
    expect(String(post?.body.nonce).length).toBeLessThanOrEqual(25);

    // Another run, and a restarted process (new connection, new runner): nothing more.
    expect(await r.check()).toMatchObject({ posts: 0 });
    const reopened = SqliteAlertStore.open(file());
    try {
      expect(await runner(reopened).check()).toMatchObject({ posts: 0 });
    } finally {
      await reopened.close();
    }
    expect(alertPosts()).toHaveLength(1);
    expect((await slash('list', '0')).body.content).toMatch(/1 article posted, last on/);
  });

  it('a burst is one summary post, and article text cannot ping or link', async () => {
    const id = await fresh();
    const hostile = article({
      title: '@everyone lighthouse keeper [click](https://evil.example) <@123>',
      url: 'https://news.example/hostile',
      body: 'A lighthouse keeper wrote @here and https://evil.example/x in the log.',
    });
    const burst: Record<string, string> = Object.assign({}, ...Array.from({ length: 7 }, keeper));
    await world.add({ ...burst, [`hostile-${id}.md`]: hostile });
    expect(await runner().check()).toMatchObject({ posts: 1, summaries: 1, articles: 8 });
    const posts = alertPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.content).toBe(`🔔 8 new articles matching “lighthouse keeper” · alert #${id}`);
    const description: string = posts[0]?.body.embeds[0].description;
    expect(description.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(8);
    expect(description).toMatch(
      /\[Lighthouse keeper story (\d+)\]\(https:\/\/news\.example\/lighthouse-\1\)/,
    );
    // The hostile title is shown as text: no mention, no masked link of its own.
    expect(description).not.toMatch(/(?<!\\)\[click\]/);
    expect(description).not.toMatch(/(?<!\\)<@123>/);
    expect(description).toMatch(/@\u200beveryone/);
    expect(posts[0]?.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('/alert remove needs Manage Channels, then stops the alert', async () => {
    const alert = await fresh();
    const id = [{ name: 'id', type: 4, value: alert }];
    expect((await slash('remove', '0', id)).body.content).toMatch(/You need the Manage Channels permission/);
    expect((await slash('remove', MANAGE_CHANNELS, id)).body.content).toContain(
      `Alert #${alert} (“lighthouse keeper”) removed`,
    );
    await world.add(keeper());
    expect(await runner().check()).toMatchObject({ posts: 0 });
    expect(alertPosts()).toHaveLength(0);
  });
});
