import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAlertStore } from '../../src/state/postgres-alerts.js';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';
import { freshDatabase, type PgPlace } from '../state/pg-fixture.js';
import { type BotProcess, eventually, killBots, ROOT, spawnBot } from '../support/spawn-bot.js';
import { ZEPPELIN } from '../support/zeppelin.js';

/** Two bots as processes on one PostgreSQL database and one articles folder, like two replicas. */
const MANAGE_CHANNELS = String(1 << 4);
let dir = '';
let discord: DiscordStandIn;
let db: PgPlace;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-alert-replicas-'));
  await cp(path.join(ROOT, 'data/articles'), path.join(dir, 'articles'), { recursive: true });
  discord = await startDiscordStandIn();
  db = await freshDatabase();
});
afterAll(async () => {
  await discord?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
afterEach(() => killBots());

function bot(): BotProcess {
  return spawnBot({
    cwd: dir,
    timeoutMs: 45_000,
    env: {
      DATA_DIR: path.join(dir, 'articles'),
      DATABASE_URL: db.url,
      INDEX_CACHE: 'off',
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APP_ID: discord.applicationId,
      DISCORD_API_URL: discord.url,
    },
  });
}

const alerts = () =>
  discord.channelMessages().filter((m) => m.author.id === discord.botUser.id && m.content.startsWith('🔔'));

describe('alerts across replicas, as processes', () => {
  it('two replicas on one PostgreSQL see the same new file: one post', async () => {
    const a = bot();
    await a.waitFor('stderr', /archivist running/);
    const { id } = discord.sendSlashCommand({
      name: 'alert',
      subcommand: 'add',
      permissions: MANAGE_CHANNELS,
      options: [{ name: 'search', type: 3, value: 'zeppelin' }],
    });
    const reply = await discord.waitFor(
      (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`),
    );
    expect(reply.body.data.content).toMatch(/Alert #1 added/);
    const b = bot();
    await b.waitFor('stderr', /archivist running/);

    await writeFile(path.join(dir, 'articles', 'zeppelin.md'), ZEPPELIN);
    // Both replicas reindex and check; wait until both have logged the swap, then a moment more.
    await Promise.all([a, b].map((x) => x.waitFor('stderr', /archive reindexed/)));
    await eventually(
      () => 'an alert post',
      async () => (alerts().length ? true : undefined),
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(alerts()).toHaveLength(1);
    const store = await PostgresAlertStore.open(db.url);
    try {
      expect(await store.listAlerts()).toMatchObject([{ id: 1, search: 'zeppelin', sent: 1 }]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
