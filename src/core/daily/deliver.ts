import type { Answers } from '../answers-port.js';
import type { Clock } from '../clock.js';
import type { ChannelRef, PostLedger, SubscriptionStore } from '../state.js';
import type { OnThisDay } from '../types.js';
import { lookSince, postKey } from './post-key.js';
import { type DueOptions, type DuePlan, type DuePost, planDue } from './schedule.js';

/**
 * Sends one rendered post to a channel; rejects when the platform refuses it. Adapters provide it.
 * `post.key` is the post's idempotency key (postKey): Discord's nonce, Slack's message metadata.
 */
export type DailyPoster = (target: ChannelRef, result: OnThisDay, post?: { key: string }) => Promise<void>;

/**
 * Whether the post with `key` is in the channel, posted at or after `since`; rejects when it cannot
 * look. Undefined for a platform that cannot look: a reconciled post is then sent again.
 */
export type DailyFinder = (target: ChannelRef, key: string, since: Date) => Promise<boolean | undefined>;

/** The few logger methods delivery uses (pino's Logger fits). */
export interface DailyLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DeliveryDeps {
  store: SubscriptionStore & PostLedger;
  /** An in-process service answers at once, the sharded one later: either is awaited. */
  answers: { onThisDay(...args: Parameters<Answers['onThisDay']>): OnThisDay | Promise<OnThisDay> };
  poster: DailyPoster;
  /** Looks in the channel before an attempt that may have reached it already (retry, reconcile). */
  find?: DailyFinder;
  clock: Clock;
  log: DailyLog;
  due: DueOptions;
  maxFailures: number;
  nearestWithinDays: number;
}

/** `error`: the state store failed (locked, full, unreachable); the runtime runs again soon. */
export type DeliveryOutcome = 'sent' | 'empty' | 'failed' | 'disabled' | 'taken' | 'error';

export interface DeliveryReport {
  plan: DuePlan;
  results: Array<{ post: DuePost; outcome: DeliveryOutcome }>;
}

/** Most characters of a platform error kept in the ledger and shown in `/onthisday status`. */
const MAX_ERROR = 200;

export function describeError(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const msg = err instanceof Error ? err.message : String(err);
  const text = code !== undefined && !msg.includes(String(code)) ? `${String(code)}: ${msg}` : msg;
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}

/** Ledger rows from two days before the earliest local date anywhere: enough for every zone. */
export function ledgerFrom(at: Date): string {
  return new Date(at.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Posts everything due at `at`. For each post: claim the (channel, local date) row in the ledger
 * first, then select and send, then record the outcome. The claim is committed before the platform is
 * called, so a crash in between leaves a `sending` row; once its lease has run out, one process
 * reclaims it (compare-and-set) and looks at the channel for the post's key: found, it is recorded
 * `sent`; not found, it is sent (with the same key, so Discord's nonce still catches a late first
 * send). A retry of a `failed` row looks first too (a timed-out send may have arrived). A refused post
 * is recorded as `failed`, retried while the window is open, and after `maxFailures` failures in a row
 * the subscription is disabled. A state-store error is that post's outcome `error` and the others still
 * go: a claim that failed left no row, so a later run posts it; a failure after the claim leaves the
 * row `sending`, reconciled after the lease.
 */
export async function deliverDue(deps: DeliveryDeps, at: Date): Promise<DeliveryReport> {
  const { store, log } = deps;
  // Load first, then plan: the planner stays pure and synchronous.
  const [subscriptions, ledger] = await Promise.all([
    store.listSubscriptions(),
    store.postsSince(ledgerFrom(at)),
  ]);
  const plan = planDue(subscriptions, ledger, at, deps.due);
  const results: DeliveryReport['results'] = [];
  for (const post of plan.due) {
    results.push({
      post,
      outcome: await deliverOne(deps, post).catch((err: unknown) => storeError(log, post, err)),
    });
  }
  if (results.length > 0) {
    const count = (o: DeliveryOutcome) => results.filter((r) => r.outcome === o).length;
    log.info(
      {
        sent: count('sent'),
        empty: count('empty'),
        failed: count('failed') + count('disabled'),
        storeErrors: count('error'),
      },
      'daily posts delivered',
    );
  }
  return { plan, results };
}

async function deliverOne(deps: DeliveryDeps, post: DuePost): Promise<DeliveryOutcome> {
  const { store, log, clock } = deps;
  const sub = post.subscription;
  const ref: ChannelRef = { platform: sub.platform, channelId: sub.channelId };
  const where = { platform: sub.platform, channelId: sub.channelId, localDate: post.localDate };
  const claimed = post.reconcile
    ? await store.reclaimPost(ref, post.localDate, post.reconcile, clock.now())
    : await store.claimPost(ref, post.localDate, clock.now(), post.retryOf?.attempts);
  if (!claimed) return 'taken';
  const key = postKey(ref, post.localDate);
  let result: OnThisDay;
  try {
    result = await deps.answers.onThisDay(post.localDate, { nearestWithinDays: deps.nearestWithinDays });
  } catch (err) {
    // Our own failure, not the channel's: record it, but do not count it against the channel.
    await store.finishPost(ref, post.localDate, { status: 'failed', error: describeError(err) }, clock.now());
    log.error({ ...where, err }, 'daily post: selection failed');
    return 'failed';
  }
  if (result.items.length === 0) {
    await store.finishPost(ref, post.localDate, { status: 'empty', items: 0 }, clock.now());
    return 'empty';
  }
  try {
    if ((post.reconcile || post.retryOf) && (await deps.find?.(ref, key, lookSince(sub, post.localDate)))) {
      await store.finishPost(
        ref,
        post.localDate,
        { status: 'sent', items: result.items.length },
        clock.now(),
      );
      log.info(
        { ...where, attempts: (post.reconcile ?? post.retryOf)?.attempts },
        'daily post found in the channel: recorded as sent, not sent again',
      );
      return 'sent';
    }
    await deps.poster(ref, result, { key });
  } catch (err) {
    const error = describeError(err);
    await store.finishPost(ref, post.localDate, { status: 'failed', error }, clock.now());
    const after = await store.recordFailure(ref, error, clock.now(), deps.maxFailures);
    if (after?.disabledAt) {
      log.error(
        { ...where, failures: after.failures, error },
        'daily posts disabled for this channel after repeated failures; /onthisday subscribe turns them back on',
      );
      return 'disabled';
    }
    log.warn({ ...where, failures: after?.failures, error }, 'daily post failed; will retry');
    return 'failed';
  }
  await store.finishPost(ref, post.localDate, { status: 'sent', items: result.items.length }, clock.now());
  return 'sent';
}

function storeError(log: DailyLog, post: DuePost, err: unknown): DeliveryOutcome {
  const { platform, channelId } = post.subscription;
  log.warn({ platform, channelId, localDate: post.localDate, err }, 'daily post: state store error');
  return 'error';
}

/**
 * Logs what a start-up run found: posts lost to downtime (`missed`: today's, or every day the start
 * looked back over, see missedPosts), and sends a crash left unconfirmed.
 */
export function logStartupFindings(
  plan: DuePlan,
  log: DailyLog,
  missed: readonly DuePost[] = plan.missed,
): void {
  for (const m of missed) {
    log.warn(
      { platform: m.subscription.platform, channelId: m.subscription.channelId, localDate: m.localDate },
      'daily post missed: the bot was down at its time and the catch-up window has passed',
    );
  }
  for (const u of plan.unconfirmed) {
    log.warn(
      { platform: u.platform, channelId: u.channelId, localDate: u.localDate },
      'daily post was interrupted mid-send and its window closed before it was reconciled; it may or may not have arrived',
    );
  }
}
