import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/adapters/slack/action-ids.js';
import { type RoundRobin, startRoundRobin } from '../../standins/round-robin.js';
import {
  blockActionPayload,
  eventCallback,
  postToBolt,
  type SlackCall,
  type SlackStandIn,
  STANDIN_BOT_USER_ID,
  slashCommandForm,
  startSlackStandIn,
} from '../../standins/slack.js';
import { freshDatabase, type PgPlace } from '../state/pg-fixture.js';
import { type Replica, startSlackReplicas } from '../support/replicas.js';
import { killBots } from '../support/spawn-bot.js';
import { allText, button, passageSections } from './blocks-of.js';

/**
 * Three bot processes in Slack HTTP mode on one PostgreSQL database, behind a round-robin proxy: each
 * request goes to the next replica, so consecutive requests never reach the same one. Only PostgreSQL
 * shares sessions and event ids; SQLite replicas each keep their own (not a supported deployment).
 */
const SECRET = 'replica-signing-secret';
const REPLICAS = 3;

let db: PgPlace | undefined;
let dir = '';
let standIn: SlackStandIn;
let lb: RoundRobin;
let replicas: Replica[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'archivist-replicas-'));
  standIn = await startSlackStandIn();
  replicas = await startSlackReplicas({
    count: REPLICAS,
    cwd: dir,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: standIn.apiUrl,
      DATABASE_URL: db.url,
      WATCH_DATA: 'off',
    },
  });
  lb = await startRoundRobin(replicas.map((r) => r.base));
}, 120_000);

afterAll(async () => {
  await killBots();
  await lb?.close();
  await standIn?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const events = () => `${lb.url}/slack/events`;
const lastReplica = () => lb.routed.at(-1)?.upstream;
const byPath = (id: string) => (c: SlackCall) => c.path === `/response/${id}`;
const posted = (threadTs: string) => (c: SlackCall) =>
  c.method === 'chat.postMessage' && c.body.thread_ts === threadTs;

async function post(body: { form?: Record<string, string>; json?: unknown }, opts = {}) {
  const res = await postToBolt(events(), SECRET, body, opts);
  expect(res.status).toBe(200);
  return lastReplica();
}

/** A click on a private answer's button, as Slack sends it. */
const click = (actionId: string, value: string, responseId: string) => {
  const p = blockActionPayload({ actionId, value, responseUrl: standIn.responseUrl(responseId) });
  (p as { container: { is_ephemeral: boolean } }).container.is_ephemeral = true;
  return post({ form: { payload: JSON.stringify(p) } });
};

describe(`${REPLICAS} replicas in Slack HTTP mode on one PostgreSQL, behind a round-robin proxy`, () => {
  it('/ask on one replica, More results on the next pages it, Share on the third posts it', async () => {
    const asked = await post({
      form: slashCommandForm({
        command: '/ask',
        text: 'What phones did Xi give Lee?',
        responseUrl: standIn.responseUrl('rr-ask'),
      }),
    });
    const first = await standIn.waitFor(byPath('rr-ask'));
    expect(passageSections(first).join('\n')).toMatch(/Xiaomi/);

    const paged = await click(ACTION.more, button(first, ACTION.more).value, 'rr-more');
    expect(paged).not.toBe(asked);
    const next = await standIn.waitFor(byPath('rr-more'));
    expect(allText(next)).toMatch(/showing 4–6/);
    expect(allText(next)).not.toMatch(/expired/i);
    for (const p of passageSections(next)) expect(passageSections(first)).not.toContain(p);

    const shared = await click(ACTION.share, button(first, ACTION.share).value, 'rr-share');
    expect(new Set([asked, paged, shared]).size).toBe(REPLICAS);
    const publicCopy = await standIn.waitFor(
      (c) => byPath('rr-share')(c) && c.body.response_type === 'in_channel',
    );
    expect(allText(publicCopy)).toContain('Shared by <@U0ALICE>');
    expect(passageSections(publicCopy)).toEqual(passageSections(first));
  }, 60_000);

  it('a retried event (same event_id, x-slack-retry-num) that reaches another replica is answered once', async () => {
    const mention = (ts: string) => ({
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@${STANDIN_BOT_USER_ID}> Xiaomi lawsuit`,
      ts,
      channel: 'C0GENERAL',
    });
    const first = await post({
      json: eventCallback({ event: mention('1700000100.000100'), eventId: 'EvRR1' }),
    });
    await standIn.waitFor(posted('1700000100.000100'));
    // Slack's retry is signed anew: a later timestamp, so only the event_id tells it is the same.
    const retried = await post(
      { json: eventCallback({ event: mention('1700000100.000100'), eventId: 'EvRR1' }) },
      {
        timestamp: Math.floor(Date.now() / 1000) + 1,
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      },
    );
    expect(retried).not.toBe(first);
    // One new event per replica: once all are answered, the replica that got the retry has handled it.
    const markers = Array.from({ length: REPLICAS }, (_, i) => `1700000100.00020${i}`);
    for (const ts of markers) await post({ json: eventCallback({ event: mention(ts) }) });
    for (const ts of markers) await standIn.waitFor(posted(ts));
    expect(standIn.calls.filter(posted('1700000100.000100'))).toHaveLength(1);
  }, 60_000);
});
