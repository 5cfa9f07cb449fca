import type { Platform } from '../command.js';
import { addDays, formatCalendarDate, parseCalendarDate } from '../dates.js';
import type { ChannelRef, PostEntry, Subscription } from '../state.js';
import { localDateIn, parseLocalTime, zonedInstant } from './zone.js';

/**
 * What is due at an instant, as a pure function of (subscriptions, ledger, instant). The croner
 * runtime only decides *when* to ask; every decision about *what* to post is made here, so it can be
 * tested at any instant without waiting.
 */

export interface DueOptions {
  /** How long after its time a day's post may still go out: downtime catch-up and retries. */
  catchupMs: number;
  /** Wait after a failed attempt before trying again. */
  retryDelayMs: number;
  /**
   * How long a `sending` row is presumed to have a live sender (default SEND_LEASE_MS); older, it was
   * left by a crash and is reconciled. Longer than a send can take, retries included.
   */
  leaseMs?: number;
  /** Platforms running now; subscriptions on others wait (they are not failures). Default: all. */
  platforms?: ReadonlySet<Platform>;
  /**
   * Whether this process posts to a channel (a Discord host posts only for guilds on its shards).
   * Default: every channel of a running platform.
   */
  serves?: (ref: ChannelRef) => boolean;
}

/** Whether a subscription is this process's to post now. */
function ours(sub: Subscription, opts: DueOptions): boolean {
  return (!opts.platforms || opts.platforms.has(sub.platform)) && (!opts.serves || opts.serves(sub));
}

/** Default send lease: beyond the Slack client's retries (5 in 5 min) and discord.js's REST timeout. */
export const SEND_LEASE_MS = 10 * 60_000;

/** A post fired on time is never "too late", even with catch-up off. */
export const ON_TIME_GRACE_MS = 60_000;
/** Timers may fire a hair early; a post is due from this long before its instant. */
const EARLY_MS = 1_000;

export interface DuePost {
  subscription: Subscription;
  /** The subscriber's local date the post is for. */
  localDate: string;
  scheduledAt: Date;
  /** The failed row being retried; absent for a first attempt. */
  retryOf?: PostEntry;
  /** A `sending` row whose lease ran out (a crash mid-send): look at the channel before sending. */
  reconcile?: PostEntry;
}

export interface DuePlan {
  due: DuePost[];
  /** Today's post was never attempted and its window has closed (the process was down too long). */
  missed: DuePost[];
  /** A crash mid-send left today's post `sending` and its window closed before it was reconciled. */
  unconfirmed: PostEntry[];
}

export function ledgerKey(ref: ChannelRef, localDate: string): string {
  return `${ref.platform}\u0000${ref.channelId}\u0000${localDate}`;
}

/** The instant a subscription's post for `localDate` is scheduled. */
export function scheduledFor(sub: Pick<Subscription, 'time' | 'timeZone'>, localDate: string): Date {
  const time = parseLocalTime(sub.time);
  if (!time) throw new RangeError(`subscription time "${sub.time}" is not HH:MM`);
  return zonedInstant(parseCalendarDate(localDate), time, sub.timeZone);
}

/** How long after its instant a post may still go out (and be retried). */
export function windowMs(opts: DueOptions): number {
  return Math.max(opts.catchupMs, ON_TIME_GRACE_MS);
}

export function planDue(
  subscriptions: readonly Subscription[],
  ledger: readonly PostEntry[],
  at: Date,
  opts: DueOptions,
): DuePlan {
  const rows = new Map(ledger.map((e) => [ledgerKey(e, e.localDate), e]));
  const plan: DuePlan = { due: [], missed: [], unconfirmed: [] };
  const now = at.getTime();
  for (const sub of subscriptions) {
    if (sub.disabledAt || !ours(sub, opts)) continue;
    // The day is the subscriber's local date; each local date has exactly one scheduled instant.
    const localDate = localDateIn(at, sub.timeZone);
    const scheduledAt = scheduledFor(sub, localDate);
    const t = scheduledAt.getTime();
    if (now < t - EARLY_MS || sub.activeSince.getTime() > t) continue;
    const row = rows.get(ledgerKey(sub, localDate));
    const post: DuePost = { subscription: sub, localDate, scheduledAt };
    const open = now <= t + windowMs(opts);
    if (!row) {
      (open ? plan.due : plan.missed).push(post);
    } else if (row.status === 'failed') {
      if (open && now >= row.claimedAt.getTime() + opts.retryDelayMs)
        plan.due.push({ ...post, retryOf: row });
    } else if (row.status === 'sending') {
      // Within the lease its sender may be alive; past it, whoever comes first reconciles.
      if (!open) plan.unconfirmed.push(row);
      else if (now >= row.claimedAt.getTime() + leaseOf(opts)) plan.due.push({ ...post, reconcile: row });
    }
  }
  return plan;
}

export function leaseOf(opts: DueOptions): number {
  return opts.leaseMs ?? SEND_LEASE_MS;
}

/** How many local days back a start looks for posts lost to downtime. */
export const MISSED_LOOKBACK_DAYS = 7;

/**
 * Posts that never happened: each local day, from `lookbackDays` ago to today, whose window has closed
 * with no ledger row while the subscription was active (the bot was down, e.g. across midnight).
 * Includes today's `planDue` misses. The ledger must reach back that far.
 */
export function missedPosts(
  subscriptions: readonly Subscription[],
  ledger: readonly PostEntry[],
  at: Date,
  opts: DueOptions,
  lookbackDays = MISSED_LOOKBACK_DAYS,
): DuePost[] {
  const rows = new Set(ledger.map((e) => ledgerKey(e, e.localDate)));
  const missed: DuePost[] = [];
  for (const sub of subscriptions) {
    if (sub.disabledAt || !ours(sub, opts)) continue;
    const today = parseCalendarDate(localDateIn(at, sub.timeZone));
    for (let i = lookbackDays; i >= 0; i--) {
      const localDate = formatCalendarDate(addDays(today, -i));
      const scheduledAt = scheduledFor(sub, localDate);
      const t = scheduledAt.getTime();
      if (t < sub.activeSince.getTime() || at.getTime() <= t + windowMs(opts)) continue;
      if (!rows.has(ledgerKey(sub, localDate))) missed.push({ subscription: sub, localDate, scheduledAt });
    }
  }
  return missed;
}

/**
 * When the next failed post may be retried, or the next `sending` row's lease runs out (the runtime
 * sets a one-off timer for it), or undefined when nothing is pending inside its window.
 */
export function nextRetryAt(
  subscriptions: readonly Subscription[],
  ledger: readonly PostEntry[],
  at: Date,
  opts: DueOptions,
): Date | undefined {
  let best: number | undefined;
  const subs = new Map(subscriptions.map((s) => [ledgerKey(s, ''), s]));
  for (const row of ledger) {
    const sub = subs.get(ledgerKey(row, ''));
    if ((row.status !== 'failed' && row.status !== 'sending') || !sub || sub.disabledAt) continue;
    if (!ours(sub, opts)) continue;
    const wait = row.status === 'failed' ? opts.retryDelayMs : leaseOf(opts);
    const retry = row.claimedAt.getTime() + wait;
    const closes = scheduledFor(sub, row.localDate).getTime() + windowMs(opts);
    if (retry > closes || closes < at.getTime()) continue;
    if (best === undefined || retry < best) best = retry;
  }
  return best === undefined ? undefined : new Date(Math.max(best, at.getTime()));
}

/**
 * The next post a subscription will make: the first local day, from today, whose instant is still
 * ahead, that the subscription was active for, and that has no ledger row yet. Undefined if disabled.
 */
export function nextPostAt(
  sub: Subscription,
  ledger: readonly PostEntry[],
  at: Date,
): { localDate: string; at: Date } | undefined {
  if (sub.disabledAt) return undefined;
  const rows = new Set(ledger.map((e) => ledgerKey(e, e.localDate)));
  const today = parseCalendarDate(localDateIn(at, sub.timeZone));
  for (let i = 0; i < 4; i++) {
    const localDate = formatCalendarDate(addDays(today, i));
    const when = scheduledFor(sub, localDate);
    if (when > at && when >= sub.activeSince && !rows.has(ledgerKey(sub, localDate))) {
      return { localDate, at: when };
    }
  }
  return undefined;
}
