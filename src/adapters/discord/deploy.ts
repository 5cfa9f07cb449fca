import { REST, Routes } from 'discord.js';
import type { Command } from '../../core/command.js';
import { type CommandDiff, diffCommands, registrationPayload } from './registration.js';

export interface DeployOptions {
  token: string;
  appId: string;
  /** Register in this server only (appears at once); global when absent (may take up to an hour). */
  guildId?: string;
  /** REST base, e.g. https://discord.com/api or a proxy. */
  apiUrl: string;
  commands: readonly Command[];
}

export interface DeployResult extends CommandDiff {
  scope: string;
  /** Whether a bulk overwrite was sent (false when nothing changed). */
  sent: boolean;
}

/**
 * Compares the commands Discord holds with those built from `commands/` and uploads them with one bulk
 * overwrite (PUT) only when something differs, so running it twice changes nothing the second time.
 */
export async function deployCommands(o: DeployOptions): Promise<DeployResult> {
  const rest = new REST({ api: o.apiUrl }).setToken(o.token);
  try {
    const route = o.guildId
      ? Routes.applicationGuildCommands(o.appId, o.guildId)
      : Routes.applicationCommands(o.appId);
    const desired = registrationPayload(o.commands);
    const existing = (await rest.get(route)) as Record<string, unknown>[];
    const diff = diffCommands(existing, desired);
    const sent = diff.created.length + diff.changed.length + diff.removed.length > 0;
    if (sent) await rest.put(route, { body: desired });
    return { ...diff, scope: o.guildId ? `server ${o.guildId}` : 'global', sent };
  } finally {
    // The REST client keeps sweeper timers; clear them so a script (or test) can exit.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/** A few lines a person reads after deploying. */
export function describeDeploy(r: DeployResult): string {
  const list = (names: string[]) => (names.length ? names.map((n) => `/${n}`).join(', ') : '—');
  const lines = [
    `Slash commands (${r.scope}):`,
    `  created:   ${list(r.created)}`,
    `  changed:   ${list(r.changed)}`,
    `  removed:   ${list(r.removed)}`,
    `  unchanged: ${list(r.unchanged)}`,
    r.sent
      ? r.scope === 'global'
        ? 'Uploaded. Global commands can take up to an hour to appear everywhere.'
        : 'Uploaded. They are available in that server now.'
      : 'Nothing changed; nothing was sent.',
  ];
  return lines.join('\n');
}
