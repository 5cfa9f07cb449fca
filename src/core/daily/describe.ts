import type { PostEntry, Subscription } from '../state.js';
import type { ChannelStatus, DailySettings, SubscribeOutcome } from './service.js';

/**
 * The plain-text sentences the subscription commands answer with, the same on every platform
 * (adapters style notices; no markup here).
 */

const USAGE = '/onthisday subscribe [time:HH:MM] [timezone:Area/City]';

/** `Thu 12 Nov 2026 at 09:00`, read in the subscriber's zone. */
export function describeInstant(at: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${day.replace(',', '')} at ${time}`;
}

function schedule(sub: Subscription): string {
  return `every day at ${sub.time} (${sub.timeZone})`;
}

function whenEmpty(settings: DailySettings): string {
  return settings.nearestWithinDays > 0
    ? ` On a day the archive holds nothing for, the nearest anniversary within ${settings.nearestWithinDays} days is posted, labelled as such.`
    : ' On a day the archive holds nothing for, nothing is posted.';
}

export function describeSubscribed(o: SubscribeOutcome, settings: DailySettings): string {
  const sub = o.subscription;
  const next = o.next
    ? ` ${o.change === 'created' ? 'First' : 'Next'} post: ${describeInstant(o.next.at, sub.timeZone)}.`
    : '';
  if (o.change === 'unchanged') {
    return `This channel is already subscribed: ${schedule(sub)}.${next} To change it: /onthisday subscribe time:07:30 timezone:Europe/Paris.`;
  }
  const head =
    o.change === 'created'
      ? `Subscribed: this channel will get an “on this day” post ${schedule(sub)}.`
      : `Updated: this channel now gets its “on this day” post ${schedule(sub)}.`;
  return head + next + whenEmpty(settings);
}

export function describeUnsubscribed(old: Subscription | undefined): string {
  if (!old) return 'This channel had no daily “on this day” post; nothing to stop.';
  const config =
    old.source === 'config'
      ? ' Note: it is listed in the bot’s configuration (DAILY_CHANNELS), so it will be subscribed again at the next restart unless it is removed there.'
      : '';
  return `Unsubscribed: no more daily “on this day” posts here.${config}`;
}

function describeLast(last: PostEntry): string {
  const day = last.localDate;
  switch (last.status) {
    case 'sent':
      return `Last post: ${day}, sent (${last.items ?? 0} article${last.items === 1 ? '' : 's'}).`;
    case 'empty':
      return `Last post: ${day}, nothing in the archive for that date, so nothing was posted.`;
    case 'failed':
      return `Last post: ${day}, failed after ${last.attempts} attempt${last.attempts === 1 ? '' : 's'} (${last.error ?? 'unknown error'}).`;
    case 'sending':
      return `Last post: ${day}, interrupted while sending; it is not sent twice, so it may be missing.`;
  }
}

/** `canManage`: whether the person asking may subscribe, so the sentence can say "You". */
export function describeStatus(status: ChannelStatus, settings: DailySettings, canManage: boolean): string {
  const sub = status.subscription;
  if (!sub) {
    const defaults = `${settings.defaultTime} ${settings.defaultTimeZone}`;
    const who = canManage ? 'You' : 'Someone who can manage this channel';
    return `This channel gets no daily “on this day” post. ${who} can start one with ${USAGE} (default ${defaults}).`;
  }
  const from = sub.source === 'config' ? ' (set in the bot’s configuration)' : '';
  const last = status.last ? ` ${describeLast(status.last)}` : '';
  if (sub.disabledAt) {
    return (
      `Daily “on this day” posts are paused here${from}: ${sub.failures} failed attempts in a row` +
      `${sub.lastError ? ` (last error: ${sub.lastError})` : ''}. Check that the bot can still post in this channel, then run /onthisday subscribe to turn them back on.${last}`
    );
  }
  const next = status.next ? ` Next post: ${describeInstant(status.next.at, sub.timeZone)}.` : '';
  return `Daily “on this day” posts are on${from}: ${schedule(sub)}.${next}${last}`;
}

/** Default for {@link permissionRefusal}; adapters name their platform's own permission instead. */
export const DEFAULT_PERMISSION_LABEL = 'permission to manage this channel';

/** `permissionLabel` completes "You need …", e.g. "the Manage Channels permission". */
export function permissionRefusal(permissionLabel = DEFAULT_PERMISSION_LABEL): string {
  return `You need ${permissionLabel} to change this channel’s daily posts. /onthisday status shows the current settings.`;
}
