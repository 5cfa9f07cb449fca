import type { Command, CommandContext, CommandResult } from '../src/core/command.js';
import type { Feed } from '../src/core/feed-state.js';

const notice = (tone: 'info' | 'success' | 'error', text: string): CommandResult => ({
  kind: 'notice',
  tone,
  text,
});

const NOT_SET_UP = 'News feeds are not set up on this deployment (the bot runs without its state store).';
const ADMINS_ONLY = 'Only admins of this workspace or server can change or list news feeds.';

/** `2025-11-02 09:30 UTC`: one zone for everyone, so a list reads the same on every platform. */
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One feed as a line of `/feeds list`: last success, last error, items taken, paused or not. */
export function describeFeed(f: Feed): string {
  const parts = [
    f.lastSuccessAt
      ? `last success ${when(f.lastSuccessAt)}`
      : f.lastErrorAt
        ? 'never polled successfully'
        : 'not polled yet',
    `${f.itemsTaken} item${f.itemsTaken === 1 ? '' : 's'} taken`,
  ];
  if (f.lastError && f.lastErrorAt) parts.push(`last error ${when(f.lastErrorAt)}: ${f.lastError}`);
  if (f.failures > 0 && !f.pausedAt)
    parts.push(`${f.failures} failure${f.failures === 1 ? '' : 's'} in a row`);
  if (f.pausedAt) parts.push(`paused since ${when(f.pausedAt)} (add it again to resume)`);
  if (f.source === 'config') parts.push('from FEEDS');
  return `• ${f.url} — ${parts.join('; ')}`;
}

function urlOf(options: Record<string, unknown>): string {
  return typeof options.url === 'string' ? options.url.trim() : '';
}

async function run(
  sub: string,
  options: Record<string, unknown>,
  ctx: CommandContext,
): Promise<CommandResult> {
  const feeds = ctx.feeds;
  if (!feeds) return notice('info', NOT_SET_UP);
  if (!ctx.user.isAdmin) return notice('error', ADMINS_ONLY);
  if (sub === 'list') {
    const list = await feeds.list();
    if (!list.length) return notice('info', 'No feeds yet. Add one with /feeds add <url>.');
    return notice('info', `News feeds (${list.length}):\n${list.map(describeFeed).join('\n')}`);
  }
  const url = urlOf(options);
  if (!url) return notice('error', `Give the feed's URL: /feeds ${sub} https://…/feed.xml`);
  if (sub === 'remove') {
    const removed = await feeds.remove(url);
    if (!removed) return notice('info', `${url} is not among the feeds (see /feeds list).`);
    const back =
      removed.source === 'config' ? ' It is listed in FEEDS, so it comes back at the next start.' : '';
    return notice(
      'success',
      `Removed ${removed.url}. Articles already taken from it stay in the archive.${back}`,
    );
  }
  const added = await feeds.add(
    url,
    ctx.channel ? { platform: ctx.platform, channelId: ctx.channel.id } : undefined,
    ctx.user.id,
  );
  if ('refused' in added) return notice('error', `Cannot add ${url}: ${added.refused}.`);
  return notice(
    'success',
    added.created
      ? `Added ${added.feed.url}. Its new items will be fetched within a minute and become answerable; a problem with it is reported here.`
      : `${added.feed.url} was already a feed; it is resumed and polled again now.`,
  );
}

export default {
  name: 'feeds',
  description: 'News feeds (RSS, Atom, JSON Feed) that keep the archive fresh (admins)',
  private: true,
  subcommands: [
    { name: 'list', description: 'Each feed with its last success, last error and items taken' },
    {
      name: 'add',
      description: 'Poll a feed and add its new items to the archive',
      options: [
        {
          name: 'url',
          description: 'The feed URL (http or https)',
          type: 'string',
          required: true,
          maxLength: 2000,
        },
      ],
    },
    {
      name: 'remove',
      description: 'Stop polling a feed (its articles stay)',
      options: [
        {
          name: 'url',
          description: 'The feed URL, as /feeds list shows it',
          type: 'string',
          required: true,
          maxLength: 2000,
        },
      ],
    },
  ],
  handler({ subcommand, options }, ctx) {
    return run(subcommand ?? 'list', options, ctx);
  },
} satisfies Command;
