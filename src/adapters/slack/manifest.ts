import type { webApi } from '@slack/bolt';
import { type Command, usage } from '../../core/command.js';
import { ArchivistError } from '../../core/errors.js';
import { shortcutId } from './shortcuts.js';

/**
 * The Slack app manifest, generated from `commands/` so that installing is "create app from manifest"
 * and the slash commands Slack knows always match the handlers the app registers.
 */
export type SlackManifest = webApi.AppsManifestCreateArguments['manifest'];
type BotScopes = NonNullable<NonNullable<SlackManifest['oauth_config']>['scopes']>['bot'];

/** Bot scopes, each with the handler that needs it. Nothing beyond what the app calls. */
export const BOT_SCOPES: Readonly<Record<string, string>> = {
  commands: 'slash commands',
  'app_mentions:read': 'app_mention events: answer when mentioned in a channel',
  'chat:write': 'chat.postMessage: answers in threads and DMs, daily posts',
  'chat:write.public': 'chat.postMessage: daily posts to public channels the app was not invited to',
  'im:history': 'message.im events: answer direct messages and follow-ups in DM threads',
  'channels:history':
    'message.channels events (follow-ups in threads the bot answered in), conversations.replies, and conversations.history: whether a daily post cut off by a crash reached a channel',
  'groups:history': 'the same for private channels (message.groups)',
  'users:read': 'users.info: whether a user is a workspace admin (may change channel settings)',
  'files:write': 'files.uploadV2: the /trend chart, uploaded where its answer went',
};

/** Events the app listens to (handlers in events.ts; app_home_opened in home.ts). */
export const BOT_EVENTS = [
  'app_mention',
  'message.im',
  'message.channels',
  'message.groups',
  'app_home_opened',
] as const;

export interface ManifestOptions {
  commands: readonly Command[];
  /** Prefix for every slash command (`ask` → `/${prefix}ask`), for workspaces where `/ask` is taken. */
  prefix?: string;
  /** HTTP mode: the public https URL Slack sends requests to. Omit for Socket Mode. */
  requestUrl?: string;
  /** App name shown in Slack. Default "Archivist". */
  name?: string;
}

export function slashCommandName(prefix: string, cmd: Pick<Command, 'name'>): string {
  return `/${prefix}${cmd.name}`;
}

/** `<question> [private]`: what follows the command, as Slack shows under it while typing. */
export function usageHint(cmd: Command): string | undefined {
  const hint = usage(cmd, '/')
    .split(' | ')
    .map((u) => u.replace(new RegExp(`^/${cmd.name}\\s*`), ''))
    .join(' | ')
    .trim();
  return hint || undefined;
}

/** `https://host` → `https://host/slack/events` (Bolt's endpoint); a full URL is kept as given. */
export function eventsUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ArchivistError('CONFIG_INVALID', `"${url}" is not a URL; give the app's public https address`);
  }
  if (u.protocol !== 'https:') {
    throw new ArchivistError(
      'CONFIG_INVALID',
      `Slack only sends requests to https URLs, not ${u.protocol}//`,
    );
  }
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/slack/events';
  return u.href;
}

export function buildSlackManifest(o: ManifestOptions): SlackManifest {
  const prefix = o.prefix ?? '';
  const url = o.requestUrl ? eventsUrl(o.requestUrl) : undefined;
  const name = o.name ?? 'Archivist';
  const manifest: SlackManifest = {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description:
        'Answers questions about a news archive, quoting the passages that answer with their source.',
      background_color: '#2f3b4c',
    },
    features: {
      app_home: {
        home_tab_enabled: true,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: false,
      },
      bot_user: { display_name: botDisplayName(name), always_online: true },
      // Message shortcuts from the commands that offer one ("Find in archive"), as on Discord.
      shortcuts: o.commands.flatMap((cmd) => {
        const callback_id = shortcutId(cmd);
        if (!callback_id || !cmd.contextMenu) return [];
        const description = cmd.description.slice(0, 150);
        return [{ name: cmd.contextMenu.name, type: 'message' as const, callback_id, description }];
      }),
      slash_commands: o.commands.map((cmd) => {
        const hint = usageHint(cmd);
        return {
          command: slashCommandName(prefix, cmd),
          description: cmd.description,
          ...(hint ? { usage_hint: hint } : {}),
          should_escape: false,
          ...(url ? { url } : {}),
        };
      }),
    },
    oauth_config: { scopes: { bot: Object.keys(BOT_SCOPES) as BotScopes } },
    settings: {
      event_subscriptions: { ...(url ? { request_url: url } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: false,
    },
  };
  const problems = manifestProblems(manifest);
  if (problems.length) {
    throw new ArchivistError(
      'CONFIG_INVALID',
      `the Slack manifest would be rejected:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return manifest;
}

/** Bot user names allow only `a-z 0-9 - _ .` (80 at most). */
function botDisplayName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'archivist'
  );
}

/** Slack's documented manifest limits that our inputs could break; empty when the manifest is valid. */
export function manifestProblems(m: SlackManifest): string[] {
  const problems: string[] = [];
  const info = m.display_information;
  if (!info.name || info.name.length > 35) problems.push('app name must be 1–35 characters');
  if ((info.description?.length ?? 0) > 140) problems.push('app description over 140 characters');
  const bot = m.features?.bot_user?.display_name ?? '';
  if (!/^[a-z0-9._-]{1,80}$/.test(bot))
    problems.push(`bot display name "${bot}" uses characters Slack refuses`);
  const cmds = m.features?.slash_commands ?? [];
  if (cmds.length > 50) problems.push('more than 50 slash commands');
  const seen = new Set<string>();
  for (const c of cmds) {
    if (!/^\/[a-z0-9_-]{1,31}$/.test(c.command))
      problems.push(`${c.command}: 1–31 lower-case letters, digits, - or _`);
    if (seen.has(c.command)) problems.push(`${c.command} appears twice`);
    seen.add(c.command);
    if (!c.description || c.description.length > 2000)
      problems.push(`${c.command}: description 1–2000 characters`);
    if ((c.usage_hint?.length ?? 0) > 1000) problems.push(`${c.command}: usage hint over 1000 characters`);
  }
  return problems;
}
