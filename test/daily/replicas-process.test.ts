import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostEntry } from '../../src/core/state.js';
import { PostgresStateStore } from '../../src/state/postgres-store.js';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';
import { type SlackStandIn, startSlackStandIn } from '../../standins/slack.js';
import { type PrivatePg, startPrivatePg } from '../support/private-pg.js';
import { type BotProcess, eventually, killBots, spawnBot } from '../support/spawn-bot.js';
import { datedArticles } from './helpers.js';

/**
 * Three bots as real processes (`node --import tsx src/main.ts`) on one PostgreSQL of the test's own,
 * against the Discord and Slack stand-ins. The post is due when they start (its time is this minute,
 * the subscription an hour old), so all three race for it in their start-up run.
 */
const SLACK_CHANNEL = 'C0DAILY';
let db: PrivatePg;
let dir: string;
let discord: DiscordStandIn;
let slack: SlackStandIn;
let url: string;

beforeAll(async () => {
  db = await startPrivatePg();
  dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-replicas-'));
  // A story on today's month and day (and either side, for a run across UTC midnight), years back.
  const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(5, 10);
  await mkdir(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(datedArticles([-1, 0, 1].map((d) => `2019-${day(d)}`))))
    await writeFile(path.join(dir, 'articles', name), text);
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let n = 0;
afterEach(async () => {
  await killBots();
  await discord?.close();
  await slack?.close();
});

/** A fresh database with both channels subscribed for this minute (UTC), an hour ago. */
async function setUp(): Promise<void> {
  discord = await startDiscordStandIn();
  slack = await startSlackStandIn();
  const name = `replicas_${process.pid}_${++n}`;
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url = db.url.replace(/\/postgres$/, `/${name}`);
  const store = await PostgresStateStore.open(url);
  const time = new Date().toISOString().slice(11, 16);
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const ref of [
    { platform: 'discord' as const, channelId: discord.channelId },
    { platform: 'slack' as const, channelId: SLACK_CHANNEL },
  ])
    await store.saveSubscription({ ...ref, time, timeZone: 'UTC', source: 'command' }, hourAgo);
  await store.close();
}

function bot(env: Record<string, string> = {}): BotProcess {
  return spawnBot({
    cwd: dir,
    timeoutMs: 45_000,
    env: {
      DATA_DIR: path.join(dir, 'articles'),
      INDEX_CACHE: 'off',
      LOG_LEVEL: 'info',
      DATABASE_URL: url,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APP_ID: discord.applicationId,
      DISCORD_API_URL: discord.url,
      SLACK_BOT_TOKEN: 'xoxb-fake',
      SLACK_APP_TOKEN: 'xapp-fake',
      SLACK_API_URL: slack.apiUrl,
      ...env,
    },
  });
}

const dailyOnDiscord = () =>
  discord.channelMessages().filter((m) => m.author.id === discord.botUser.id && m.content.startsWith('📅'));
const dailyOnSlack = () =>
  slack.channelMessages(SLACK_CHANNEL).filter((m) => m.metadata?.event_type === 'archivist_daily_post');

async function ledger(): Promise<PostEntry[]> {
  const store = await PostgresStateStore.open(url);
  try {
    return await store.postsSince('2000-01-01');
  } finally {
    await store.close();
  }
}

describe('daily posts across replicas, as processes', () => {
  it('three replicas on one Postgres: a post due on all three goes out once per channel', async () => {
    await setUp();
    const bots = [bot(), bot(), bot()];
    await Promise.all(bots.map((b) => b.waitFor('stderr', /scheduler started/)));
    const rows = await ledger();
    expect(rows.map((r) => `${r.platform} ${r.status}`).sort()).toEqual(['discord sent', 'slack sent']);
    expect(dailyOnDiscord()).toHaveLength(1);
    expect(dailyOnSlack()).toHaveLength(1);
    // Each carries its idempotency key: Discord's nonce (enforced), Slack's metadata.
    const send = discord.requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(send?.body).toMatchObject({ enforce_nonce: true });
    expect(String(send?.body.nonce).length).toBeLessThanOrEqual(25);
    expect(dailyOnSlack()[0]?.metadata.event_payload.key).toEqual(expect.any(String));
  }, 90_000);

  it('every replica killed -9 with the post in flight, one restarted: still exactly one post', async () => {
    await setUp();
    // The posts arrive, but their answers never come back before the kill.
    discord.holdMessages = true;
    slack.holdPosts = true;
    const bots = [bot(), bot(), bot()];
    await discord.waitFor((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path), 45_000);
    await slack.waitFor((c) => c.method === 'chat.postMessage', 45_000);
    for (const b of bots) b.child.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exit));
    discord.holdMessages = slack.holdPosts = false;
    discord.releaseHeld();
    slack.releaseHeld();
    expect((await ledger()).map((r) => r.status)).toEqual(['sending', 'sending']);

    // A short lease so the test need not wait ten minutes; the restarted bot reconciles.
    const again = bot({ DAILY_SEND_LEASE_SECONDS: '3' });
    const rows = await eventually(
      () => 'both posts reconciled',
      async () => {
        const r = await ledger();
        return r.every((x) => x.status === 'sent') ? r : undefined;
      },
      { timeoutMs: 45_000, everyMs: 500 },
    );
    expect(rows.map((r) => r.attempts)).toEqual([2, 2]);
    expect(again.stderr()).toMatch(/daily post found in the channel/);
    expect(dailyOnDiscord()).toHaveLength(1);
    expect(dailyOnSlack()).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'conversations.history')[0]?.body).toMatchObject({
      channel: SLACK_CHANNEL,
      include_all_metadata: 'true',
    });
  }, 120_000);
});
