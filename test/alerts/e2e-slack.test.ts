import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRunner } from '../../src/alerts/runner.js';
import { AlertService } from '../../src/alerts/service.js';
import { alertPoster } from '../../src/alerts/wiring.js';
import { SqliteAlertStore } from '../../src/state/sqlite-alerts.js';
import { STANDIN_CHANNEL_ID, STANDIN_USER_ID, slashCommandForm } from '../../standins/slack.js';
import { allText } from '../slack/blocks-of.js';
import { type Harness, startHarness } from '../slack/harness.js';
import { alertWorld, article, matching, quietLog, UNRELATED } from './world.js';

const ref = { platform: 'slack' as const, channelId: STANDIN_CHANNEL_ID };

describe('alerts on the Slack stand-in, through the real Bolt app', () => {
  let h: Harness;
  let world: Awaited<ReturnType<typeof alertWorld>>;
  let store: SqliteAlertStore;
  let service: AlertService;
  let n = 0;

  beforeAll(async () => {
    world = await alertWorld();
    store = SqliteAlertStore.open(path.join(world.root, 'state.db'));
    service = new AlertService(store, world.answers);
    h = await startHarness({ mode: 'socket', services: { answers: world.answers, alerts: service } });
    await h.standIn.socket.connected;
    h.standIn.setUserInfo('U0ADMIN', { is_admin: true });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await world?.cleanup();
  });

  /** Runs `/alert <text>`; the reply, from the acknowledgement or the response_url. */
  async function slash(text: string, userId = STANDIN_USER_ID): Promise<string> {
    const id = `al${++n}`;
    const ack = await h.standIn.socket.sendEnvelope(
      'slash_commands',
      slashCommandForm({ command: '/alert', text, userId, responseUrl: h.standIn.responseUrl(id) }),
    );
    if (typeof ack.payload?.text === 'string') return ack.payload.text;
    const reply = await h.standIn.waitFor((c) => c.path === `/response/${id}`);
    return `${reply.body.text ?? ''}\n${allText(reply)}`;
  }

  /** Tests run in any order: each starts with no alert in the channel and counts posts from there. */
  let mark = 0;
  async function fresh(): Promise<number> {
    for (const a of await store.listAlerts(ref)) await store.removeAlert(ref, a.id);
    mark = h.standIn.calls.length;
    const added = await service.add(ref, 'lighthouse keeper', 'U0ADMIN');
    if (added.kind !== 'added') throw new Error(`not added: ${added.kind}`);
    return added.alert.id;
  }
  const posts = () => h.standIn.calls.slice(mark).filter((c) => c.method === 'chat.postMessage');
  const keeper = (): Record<string, string> => {
    n++;
    return { [`keeper-${n}.md`]: matching(n) };
  };
  const runner = () =>
    new AlertRunner({
      store,
      answers: world.answers,
      poster: alertPoster([h.slack]),
      platforms: new Set(['slack']),
      log: quietLog,
    });

  it('refuses a member who is not an admin, adds and removes for an admin', async () => {
    await fresh();
    for (const a of await store.listAlerts(ref)) await store.removeAlert(ref, a.id);
    expect(await slash('add lighthouse keeper')).toMatch(/You need to be a workspace admin or owner/);
    expect(await store.listAlerts(ref)).toEqual([]);
    expect(await slash('add lighthouse keeper', 'U0ADMIN')).toMatch(/Alert #\d+ added/);
    const [alert] = await store.listAlerts(ref);
    expect(await slash('list')).toContain(`#${alert?.id} “lighthouse keeper”`);
    expect(await slash(`remove ${alert?.id}`)).toMatch(/You need to be a workspace admin or owner/);
    expect(await slash(`remove ${alert?.id}`, 'U0ADMIN')).toMatch(/removed/);
    expect(await store.listAlerts(ref)).toEqual([]);
  });

  it('posts once per new matching article with its passage and link; never twice', async () => {
    const id = await fresh();
    const r = runner();
    expect(await r.check()).toMatchObject({ posts: 0 });
    await world.add({ ...keeper(), [`bakery-${n}.md`]: UNRELATED });
    expect(await r.check()).toMatchObject({ posts: 1 });
    expect(await r.check()).toMatchObject({ posts: 0 });
    const sent = posts();
    expect(sent).toHaveLength(1);
    const text = allText(sent[0] as (typeof sent)[number]);
    expect(sent[0]?.body.channel).toBe(STANDIN_CHANNEL_ID);
    expect(text).toContain(`*New article matching “lighthouse keeper” · alert #${id}*`);
    expect(text).toMatch(/\*lighthouse\*/);
    expect(text).toContain(`<https://news.example/lighthouse-${n}|link>`);
    expect(text).toContain(`*Lighthouse keeper story ${n}*`);
  });

  it('a burst is one summary; article text cannot mention anyone', async () => {
    const id = await fresh();
    const hostile = article({
      title: '<!channel> lighthouse keeper <https://evil.example|click>',
      body: 'The lighthouse keeper wrote <!here> in the log.',
    });
    const burst: Record<string, string> = Object.assign({}, ...Array.from({ length: 6 }, keeper));
    await world.add({ ...burst, [`hostile-${id}.md`]: hostile });
    expect(await runner().check()).toMatchObject({ posts: 1, summaries: 1, articles: 7 });
    const sent = posts();
    expect(sent).toHaveLength(1);
    const text = allText(sent[0] as (typeof sent)[number]);
    expect(text).toContain(`7 new articles matching “lighthouse keeper” · alert #${id}`);
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(7);
    expect(text).toMatch(/<https:\/\/news\.example\/lighthouse-(\d+)\|Lighthouse keeper story \1>/);
    expect(JSON.stringify(sent[0]?.body)).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt;');
  });
});
