import type { AlertSummary } from '../src/core/alert-state.js';
import type { Command, CommandContext, CommandResult } from '../src/core/command.js';
import { DEFAULT_PERMISSION_LABEL } from '../src/core/daily/describe.js';
import type { ChannelRef } from '../src/core/state.js';

const notice = (tone: 'info' | 'success' | 'error', text: string): CommandResult => ({
  kind: 'notice',
  tone,
  text,
});

const NOT_SET_UP_WHY = 'Alerts are not set up on this deployment (the bot runs without its state store)';
/** What each subcommand says when there is no alert store: nothing to add, list or remove. */
const NOT_SET_UP: Record<string, string> = {
  add: `${NOT_SET_UP_WHY}, so none can be added.`,
  list: `${NOT_SET_UP_WHY}, so there are none to list.`,
  remove: `${NOT_SET_UP_WHY}, so there are none to remove.`,
};

/** The channel the command was run in, or the refusal to answer with. */
function channelOf(ctx: CommandContext): ChannelRef | CommandResult {
  if (!ctx.channel) return notice('error', 'Run this in the channel that should get the alerts.');
  return { platform: ctx.platform, channelId: ctx.channel.id };
}

function refusal(ctx: CommandContext): CommandResult {
  const label = ctx.user.permissionLabel ?? DEFAULT_PERMISSION_LABEL;
  return notice('error', `You need ${label} to change this channel’s alerts. /alert list shows them.`);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function describeAlert(a: AlertSummary): string {
  const sent = a.sent === 0 ? 'nothing posted yet' : `${a.sent} article${a.sent === 1 ? '' : 's'} posted`;
  const last = a.lastSentAt ? `, last on ${day(a.lastSentAt)}` : '';
  return `#${a.id} “${a.search}” · since ${day(a.createdAt)} · ${sent}${last}`;
}

async function run(
  sub: string,
  options: Record<string, unknown>,
  ctx: CommandContext,
): Promise<CommandResult> {
  const alerts = ctx.alerts;
  if (!alerts) return notice('info', NOT_SET_UP[sub] ?? `${NOT_SET_UP_WHY}.`);
  const ref = channelOf(ctx);
  if ('kind' in ref) return ref;
  if (sub === 'list') {
    const list = await alerts.list(ref);
    if (list.length === 0)
      return notice('info', 'No alerts in this channel. Add one with /alert add <search>.');
    return notice('info', `Alerts in this channel:\n${list.map(describeAlert).join('\n')}`);
  }
  if (!ctx.user.canManageChannel) return refusal(ctx);
  if (sub === 'remove') {
    const raw = options.id;
    const text = String(raw ?? '')
      .trim()
      .replace(/^#/, '');
    // Whole numbers only: "1abc" is a typo, not alert #1.
    const id = typeof raw === 'number' ? raw : /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(id) || id <= 0) {
      return notice(
        'error',
        'Give the number of the alert to remove, as /alert list shows it: /alert remove 3.',
      );
    }
    const removed = await alerts.remove(ref, id);
    return removed
      ? notice('success', `Alert #${id} (“${removed.search}”) removed. Nothing more will be posted for it.`)
      : notice('info', `This channel has no alert #${id}. /alert list shows its alerts.`);
  }
  const search = typeof options.search === 'string' ? options.search : '';
  const outcome = await alerts.add(ref, search, ctx.user.id);
  switch (outcome.kind) {
    case 'refused':
      return notice('error', outcome.reason);
    case 'exists':
      return notice(
        'info',
        `This channel already has that alert: #${outcome.alert.id} “${outcome.alert.search}”.`,
      );
    case 'added':
      return notice(
        'success',
        `Alert #${outcome.alert.id} added: each new article that matches “${outcome.alert.search}” will be posted here (articles already in the archive are not). /alert remove ${outcome.alert.id} stops it.`,
      );
  }
}

export default {
  name: 'alert',
  description: 'Post new articles that match a search to this channel',
  subcommands: [
    {
      name: 'add',
      description: 'Post each new article matching a search here (people who can manage the channel)',
      options: [
        {
          name: 'search',
          description: 'What to watch for, as you would ask it; source: after: before: narrow it',
          type: 'string',
          required: true,
          maxLength: 500,
        },
      ],
    },
    { name: 'list', description: 'The alerts of this channel' },
    {
      name: 'remove',
      description: 'Stop an alert (people who can manage the channel)',
      options: [
        {
          name: 'id',
          description: 'The alert’s number, from /alert list',
          type: 'integer',
          required: true,
          minValue: 1,
        },
      ],
    },
  ],
  async handler({ subcommand, options }, ctx) {
    // A bare `/alert` typed in Slack or the terminal parses as `add` with no search: show the list.
    const bare = subcommand === 'add' && !(typeof options.search === 'string' && options.search.trim());
    return run(bare || !subcommand ? 'list' : subcommand, options, ctx);
  },
} satisfies Command;
