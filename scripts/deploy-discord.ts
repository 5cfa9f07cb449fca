/**
 * `npm run deploy:discord`: registers the slash commands built from commands/ — in one server when
 * DISCORD_GUILD_ID is set (instant), globally otherwise — and says what it created, changed or removed.
 */
import { DiscordAPIError } from 'discord.js';
import { commands } from '../commands/index.js';
import { deployCommands, describeDeploy } from '../src/adapters/discord/deploy.js';
import { loadConfig } from '../src/config/index.js';
import { ArchivistError } from '../src/core/errors.js';

const HINTS: Record<string, string> = {
  '0': 'Check DISCORD_TOKEN: reset it under Bot in the Developer Portal and copy it again.',
  '50001':
    'The bot cannot reach that server: invite it with the applications.commands scope (see docs/run-on-discord.md), or check DISCORD_GUILD_ID.',
  '10002': 'Unknown application: check DISCORD_APP_ID (General Information → Application ID).',
};

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.discord) {
    throw new ArchivistError(
      'CONFIG_INVALID',
      'DISCORD_TOKEN and DISCORD_APP_ID must be set to deploy the slash commands (in .env or the environment)',
    );
  }
  const { token, appId, guildId, apiUrl } = config.discord;
  const result = await deployCommands({ token, appId, apiUrl, commands, ...(guildId ? { guildId } : {}) });
  process.stdout.write(`${describeDeploy(result)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ArchivistError) {
      process.stderr.write(`${err.message}\n`);
    } else if (err instanceof DiscordAPIError) {
      const hint = HINTS[String(err.status === 401 ? 0 : err.code)] ?? '';
      process.stderr.write(
        `archivist: Discord refused the request: ${err.message} (HTTP ${err.status}, code ${err.code}). ${hint}\n`,
      );
    } else {
      process.stderr.write(`archivist: deploy failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exitCode = 1;
  },
);
