import { afterEach, describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/start.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';
import { platformDeps, testServices } from '../support/services.js';
import { bundledAnswers, startHarness } from './harness.js';

describe('start and stop', () => {
  let discord: DiscordStandIn | undefined;
  afterEach(async () => {
    await discord?.close();
  });

  it('stop() logs out and can be called again', async () => {
    const h = await startHarness();
    discord = h.discord;
    expect(h.platform.client.isReady()).toBe(true);
    await h.platform.stop();
    expect(h.platform.client.isReady()).toBe(false);
    await expect(h.platform.stop()).resolves.toBeUndefined();
    expect(h.logs.some((l) => l.msg === 'discord logged out')).toBe(true);
  });

  it('a token Discord refuses is a configuration error saying what to do', async () => {
    discord = await startDiscordStandIn();
    discord.failNext((r) => r.path === '/gateway/bot', 401, { code: 0, message: '401: Unauthorized' });
    const config = loadConfig({
      dotenvDir: false,
      env: { DISCORD_TOKEN: 'bad', DISCORD_APP_ID: discord.applicationId, DISCORD_API_URL: discord.url },
    });
    const logger = createLogger({ level: 'silent', destination: process.stderr });
    await expect(
      startDiscord(platformDeps(testServices(await bundledAnswers(), { config, logger }))),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('DISCORD_TOKEN') });
  });
});
