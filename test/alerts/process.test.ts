import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';
import { type BotProcess, eventually, killBots, ROOT, spawnBot } from '../support/spawn-bot.js';
import { ZEPPELIN } from '../support/zeppelin.js';

/**
 * The whole path as a user runs it: the bot as its own process (src/main.ts) against the Discord
 * stand-in, `/alert add` in the channel, then article files dropped into the watched folder.
 */
const MANAGE_CHANNELS = String(1 << 4);
let dir = '';
let discord: DiscordStandIn;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-alert-process-'));
  await cp(path.join(ROOT, 'data/articles'), path.join(dir, 'articles'), { recursive: true });
  discord = await startDiscordStandIn();
});
afterAll(async () => {
  await discord?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
afterEach(() => killBots());

function bot(): BotProcess {
  return spawnBot({
    cwd: dir,
    timeoutMs: 45_000,
    env: {
      DATA_DIR: path.join(dir, 'articles'),
      STATE_DB: path.join(dir, 'var', 'archivist.db'),
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
const settle = () => new Promise((r) => setTimeout(r, 2500));

describe('saved-search alerts through the real entry point', () => {
  it('one post for a matching file dropped in while running; a restart repeats nothing and posts what came while down', async () => {
    const first = bot();
    await first.waitFor('stderr', /archivist running/);
    const { id } = discord.sendSlashCommand({
      name: 'alert',
      subcommand: 'add',
      permissions: MANAGE_CHANNELS,
      options: [{ name: 'search', type: 3, value: 'zeppelin landed' }],
    });
    const reply = await discord.waitFor(
      (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`),
    );
    expect(reply.body.data.content).toMatch(/Alert #1 added/);

    await writeFile(path.join(dir, 'articles', '2025-11-02 zeppelin.md'), ZEPPELIN);
    const [post] = await eventually(
      () => 'an alert post',
      async () => (alerts().length ? alerts() : undefined),
      { timeoutMs: 30_000 },
    );
    expect(post?.content).toBe('🔔 New article matching “zeppelin landed” · alert #1');
    expect(post?.embeds[0]?.title).toBe('A zeppelin lands in Gyeongju');
    expect(post?.embeds[0]?.description).toMatch(/silver \*\*zeppelin\*\* \*\*landed\*\*/);
    await settle();
    expect(alerts()).toHaveLength(1);

    // Stopped; a second matching article arrives while it is down.
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    await writeFile(
      path.join(dir, 'articles', 'zeppelin-again.md'),
      ZEPPELIN.replace('A zeppelin lands in Gyeongju', 'A second zeppelin lands').replace(
        'A silver zeppelin',
        'A red zeppelin',
      ),
    );
    const second = bot();
    await second.waitFor('stderr', /archivist running/);
    const both = await eventually(
      () => 'the alert for the article added while down',
      async () => (alerts().length >= 2 ? alerts() : undefined),
      { timeoutMs: 30_000 },
    );
    expect(both[1]?.embeds[0]?.title).toBe('A second zeppelin lands');
    await settle();
    expect(alerts().map((m) => m.embeds[0]?.title)).toEqual([
      'A zeppelin lands in Gyeongju',
      'A second zeppelin lands',
    ]);
    expect(second.stderr()).not.toMatch(/"level":50/);
  }, 120_000);
});
