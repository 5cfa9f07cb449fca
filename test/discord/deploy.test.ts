import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { deployCommands } from '../../src/adapters/discord/deploy.js';
import { canonicalCommand, registrationPayload } from '../../src/adapters/discord/registration.js';
import type { Command } from '../../src/core/command.js';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';

const run = promisify(execFile);

describe('npm run deploy:discord', () => {
  // A fresh stand-in per test: each one deploys what it needs first, so any order works.
  let discord: DiscordStandIn;

  beforeEach(async () => {
    discord = await startDiscordStandIn();
  });
  afterEach(async () => {
    await discord?.close();
  });

  const deployScript = (env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/deploy-discord.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: 'deploy-token',
        DISCORD_APP_ID: discord.applicationId,
        DISCORD_API_URL: discord.url,
        ...env,
      },
    });
  const puts = () => discord.requests.filter((r) => r.method === 'PUT');
  const settings = () => ({ token: 't', appId: discord.applicationId, apiUrl: discord.url });
  /** The guild as a first deploy leaves it, done in-process (no script spawn). */
  const deployed = () => deployCommands({ ...settings(), guildId: discord.guildId, commands });

  it('uploads the commands built from commands/, in the guild, and lists what it created', async () => {
    const { stdout } = await deployScript({ DISCORD_GUILD_ID: discord.guildId });
    expect(stdout).toContain(`server ${discord.guildId}`);
    expect(stdout).toMatch(new RegExp(`created: +${commands.map((c) => `/${c.name}`).join(', ')}`));

    expect(puts()).toHaveLength(1);
    const put = puts()[0];
    expect(put?.path).toBe(`/applications/${discord.applicationId}/guilds/${discord.guildId}/commands`);
    expect(put?.headers.authorization).toBe('Bot deploy-token');
    expect(put?.body).toEqual(JSON.parse(JSON.stringify(registrationPayload(commands))));
    expect(put?.body.map((c: { name: string }) => c.name)).toEqual([
      ...commands.map((c) => c.name),
      'Find in archive',
    ]);

    const ask = put?.body.find((c: { name: string }) => c.name === 'ask');
    expect(ask.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 4000 }),
      expect.objectContaining({ name: 'private', type: 5 }),
      expect.objectContaining({ name: 'from', type: 3, max_length: 10 }),
      expect.objectContaining({ name: 'to', type: 3, max_length: 10 }),
      expect.objectContaining({ name: 'source', type: 3, autocomplete: true }),
    ]);
    const article = put?.body.find((c: { name: string }) => c.name === 'article');
    expect(article.options[0]).toMatchObject({ name: 'title', type: 3, autocomplete: true });
    // Message menu entries carry no description; slash commands at most 100 characters.
    for (const c of put?.body ?? []) expect((c.description ?? '').length).toBeLessThanOrEqual(100);

    const stored = discord.getCommands(discord.guildId).map(canonicalCommand);
    expect(stored).toEqual(registrationPayload(commands).map((c) => canonicalCommand({ ...c })));
  });

  it('changes nothing when run again with no change', async () => {
    await deployed();
    const before = discord.requests.length;
    const { stdout } = await deployScript({ DISCORD_GUILD_ID: discord.guildId });
    expect(stdout).toMatch(new RegExp(`unchanged: ${commands.map((c) => `/${c.name}`).join(', ')}`));
    expect(stdout).toContain('Nothing changed; nothing was sent.');
    expect(puts()).toHaveLength(1);
    expect(discord.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
  });

  it('reports changed and removed commands, and registers globally without a guild', async () => {
    await deployed();
    const ask = commands.find((c) => c.name === 'ask') as Command;
    const edited: Command[] = [{ ...ask, description: 'Ask the archive anything' }, ...commands.slice(1, 3)];
    const result = await deployCommands({ ...settings(), guildId: discord.guildId, commands: edited });
    expect(result).toMatchObject({
      sent: true,
      created: [],
      changed: ['ask'],
      removed: commands.slice(3).map((c) => c.name),
      // The message context-menu command ("Find in archive") comes from ask's definition.
      unchanged: [...commands.slice(1, 3).map((c) => c.name), 'Find in archive'],
    });
    expect(discord.getCommands(discord.guildId).map((c) => c.name)).toEqual([
      'ask',
      ...commands.slice(1, 3).map((c) => c.name),
      'Find in archive',
    ]);

    const global = await deployCommands({ ...settings(), commands });
    expect(global).toMatchObject({
      scope: 'global',
      sent: true,
      created: [...commands.map((c) => c.name), 'Find in archive'],
    });
    expect(discord.getCommands().length).toBe(commands.length + 1);
  });

  it('names what to fix when the credentials are missing', async () => {
    await expect(deployScript({ DISCORD_TOKEN: '', DISCORD_APP_ID: '' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('DISCORD_TOKEN and DISCORD_APP_ID must be set'),
    });
  });
});
