import type { Command, CommandContext, CommandResult } from '../src/core/command.js';
import {
  describeStatus,
  describeSubscribed,
  describeUnsubscribed,
  permissionRefusal,
} from '../src/core/daily/describe.js';
import { type DailyService, TIME_HELP, ZONE_HELP } from '../src/core/daily/service.js';
import { suggestTimeZones } from '../src/core/daily/zone.js';
import { calendarDateIn, parseCalendarDate } from '../src/core/dates.js';
import { ArchivistError } from '../src/core/errors.js';
import type { ChannelRef } from '../src/core/state.js';

const notice = (tone: 'info' | 'success' | 'error', text: string): CommandResult => ({
  kind: 'notice',
  tone,
  text,
});

function dailyOf(ctx: CommandContext): DailyService | undefined {
  return ctx.daily;
}

const NOT_SET_UP =
  'Daily posts are not set up on this deployment (the bot runs without its state store), so there is nothing to subscribe to.';

/** The channel the command was run in, or the refusal to answer with. */
function channelOf(ctx: CommandContext): ChannelRef | CommandResult {
  if (!ctx.channel) return notice('error', 'Run this in the channel that should get the daily posts.');
  return { platform: ctx.platform, channelId: ctx.channel.id };
}

async function show(raw: string, ctx: CommandContext): Promise<CommandResult> {
  const daily = dailyOf(ctx);
  // "Today" is the channel's day: its subscription's zone, else the configured default.
  const zone =
    daily && ctx.channel
      ? await daily.timeZoneFor({ platform: ctx.platform, channelId: ctx.channel.id })
      : 'UTC';
  try {
    const date = raw ? parseCalendarDate(raw) : calendarDateIn(ctx.answers.clock.now(), zone);
    return { kind: 'onthisday', result: await ctx.answers.onThisDay(date, daily?.selectionOptions() ?? {}) };
  } catch (err) {
    if (err instanceof ArchivistError && err.code === 'INPUT_INVALID') {
      return notice('error', `"${raw}" is not a date. Write it as YYYY-MM-DD, e.g. 2025-11-01.`);
    }
    throw err;
  }
}

async function change(
  sub: 'subscribe' | 'unsubscribe',
  options: Record<string, unknown>,
  ctx: CommandContext,
): Promise<CommandResult> {
  const daily = dailyOf(ctx);
  if (!daily) return notice('info', NOT_SET_UP);
  const ref = channelOf(ctx);
  if ('kind' in ref) return ref;
  if (!ctx.user.canManageChannel) return notice('error', permissionRefusal(ctx.user.permissionLabel));
  if (sub === 'unsubscribe') {
    const old = await daily.unsubscribe(ref);
    return notice(old ? 'success' : 'info', describeUnsubscribed(old));
  }
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  let time = text(options.time);
  let timeZone = text(options.timezone);
  // Typed without names (`/onthisday subscribe 07:30 Europe/Paris`), both land in the first option.
  const [first, second, ...more] = time?.split(/\s+/) ?? [];
  if (second && !more.length && !timeZone) [time, timeZone] = [first, second];
  try {
    const outcome = await daily.subscribe(
      ref,
      { ...(time ? { time } : {}), ...(timeZone ? { timeZone } : {}) },
      ctx.user.id,
    );
    return notice(
      outcome.change === 'unchanged' ? 'info' : 'success',
      describeSubscribed(outcome, daily.settings),
    );
  } catch (err) {
    if (err instanceof ArchivistError && err.code === 'INPUT_INVALID') {
      return notice('error', err.message.replace(/^archivist: /, ''));
    }
    throw err;
  }
}

export default {
  name: 'onthisday',
  description: 'What the archive holds for this calendar day in earlier years',
  subcommands: [
    {
      name: 'show',
      description: 'Show what happened on this day (or another) in earlier years',
      options: [
        { name: 'date', description: 'A day other than today, as YYYY-MM-DD', type: 'string', maxLength: 10 },
      ],
    },
    {
      name: 'subscribe',
      description: 'Post “on this day” here every day (people who can manage the channel)',
      options: [
        { name: 'time', description: `Local time of the post, ${TIME_HELP}`, type: 'string', maxLength: 5 },
        {
          name: 'timezone',
          description: `Time zone, ${ZONE_HELP}`,
          type: 'string',
          maxLength: 64,
          autocomplete: (partial) => suggestTimeZones(partial).map((z) => ({ name: z, value: z })),
        },
      ],
    },
    { name: 'unsubscribe', description: 'Stop the daily post in this channel' },
    {
      name: 'status',
      description: 'Whether this channel gets the daily post, when, and how the last one went',
    },
  ],
  async handler({ subcommand, options }, ctx) {
    switch (subcommand ?? 'show') {
      case 'subscribe':
      case 'unsubscribe':
        return change(subcommand as 'subscribe' | 'unsubscribe', options, ctx);
      case 'status': {
        const daily = dailyOf(ctx);
        if (!daily) return notice('info', NOT_SET_UP);
        const ref = channelOf(ctx);
        if ('kind' in ref) return ref;
        const status = await daily.status(ref);
        return notice('info', describeStatus(status, daily.settings, ctx.user.canManageChannel));
      }
      default:
        return show(typeof options.date === 'string' ? options.date.trim() : '', ctx);
    }
  },
} satisfies Command;
