import { type Clock, systemClock } from '../clock.js';
import { ArchivistError } from '../errors.js';
import type { OnThisDayOptions } from '../on-this-day.js';
import type { ChannelRef, PostEntry, PostLedger, Subscription, SubscriptionStore } from '../state.js';
import { ledgerFrom } from './deliver.js';
import { type DueOptions, nextPostAt } from './schedule.js';
import { canonicalTimeZone, closestTimeZones, formatLocalTime, parseLocalTime } from './zone.js';

/** Daily-post settings, from config. */
export interface DailySettings {
  /** Time for a subscription that names none, `HH:MM`. */
  defaultTime: string;
  /** Zone for a subscription that names none. */
  defaultTimeZone: string;
  /** How long after its time a missed post still goes out (0: only on time). */
  catchupHours: number;
  /** Failed attempts in a row before a channel is disabled. */
  maxFailures: number;
  /** 0: post nothing on a day with no anniversary; N: the nearest within N days, labelled. */
  nearestWithinDays: number;
  /** Wait between attempts for a failed post. Default 15 minutes. */
  retryDelayMs?: number;
  /** How long a claimed send is presumed alive before it is reconciled. Default SEND_LEASE_MS. */
  sendLeaseMs?: number;
}

/** A channel listed in config (DAILY_CHANNELS) rather than subscribed by command. */
export interface ConfiguredChannel extends ChannelRef {
  time?: string;
  timeZone?: string;
}

export interface SubscribeOutcome {
  subscription: Subscription;
  /** 'created', 'updated' (time or zone changed, or re-enabled), or 'unchanged'. */
  change: 'created' | 'updated' | 'unchanged';
  next?: { localDate: string; at: Date };
}

export interface ChannelStatus {
  subscription?: Subscription;
  next?: { localDate: string; at: Date };
  last?: PostEntry;
}

export const DEFAULT_RETRY_DELAY_MS = 15 * 60_000;

/**
 * What the `/onthisday subscribe|unsubscribe|status` commands and the scheduler share: validation,
 * defaults, and the store. Listeners hear of every change so the scheduler can re-plan its timers.
 */
export class DailyService {
  readonly store: SubscriptionStore & PostLedger;
  readonly settings: DailySettings;
  readonly clock: Clock;
  readonly #listeners = new Set<() => void | Promise<void>>();

  constructor(store: SubscriptionStore & PostLedger, settings: DailySettings, clock: Clock = systemClock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Calls `fn` after every subscription change; returns the unsubscribe function. A change resolves
   * after its listeners, so the scheduler's timers already follow when `subscribe()` returns.
   */
  onChange(fn: () => void | Promise<void>): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  async #changed(): Promise<void> {
    // A listener's failure is its own to report; the change itself is stored.
    await Promise.allSettled([...this.#listeners].map(async (fn) => fn()));
  }

  dueOptions(
    platforms?: ReadonlySet<ChannelRef['platform']>,
    serves?: (ref: ChannelRef) => boolean,
  ): DueOptions {
    return {
      catchupMs: this.settings.catchupHours * 3_600_000,
      retryDelayMs: this.settings.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      ...(this.settings.sendLeaseMs !== undefined ? { leaseMs: this.settings.sendLeaseMs } : {}),
      ...(platforms ? { platforms } : {}),
      ...(serves ? { serves } : {}),
    };
  }

  selectionOptions(): OnThisDayOptions {
    return { nearestWithinDays: this.settings.nearestWithinDays };
  }

  /** The zone a channel's "today" is read in: its subscription's, else the default. */
  async timeZoneFor(ref: ChannelRef): Promise<string> {
    return (await this.store.getSubscription(ref))?.timeZone ?? this.settings.defaultTimeZone;
  }

  /**
   * Subscribes a channel, or changes its time or zone; options left out keep the current value (or
   * take the default for a new subscription). Re-enables a disabled subscription.
   * Throws ArchivistError('INPUT_INVALID') naming what is accepted.
   */
  async subscribe(
    ref: ChannelRef,
    options: { time?: string; timeZone?: string },
    by?: string,
  ): Promise<SubscribeOutcome> {
    const time = options.time === undefined ? undefined : validTime(options.time);
    const timeZone = options.timeZone === undefined ? undefined : validTimeZone(options.timeZone);
    // Only read to fill in what was left out; the outcome is judged on what the save replaced.
    const current = time && timeZone ? undefined : await this.store.getSubscription(ref);
    const at = this.clock.now();
    const { subscription, previous: old } = await this.store.saveSubscription(
      {
        ...ref,
        time: time ?? current?.time ?? this.settings.defaultTime,
        timeZone: timeZone ?? current?.timeZone ?? this.settings.defaultTimeZone,
        source: 'command',
        ...(by ? { createdBy: by } : {}),
      },
      at,
    );
    const change = !old
      ? 'created'
      : old.time !== subscription.time || old.timeZone !== subscription.timeZone || old.disabledAt
        ? 'updated'
        : 'unchanged';
    if (change !== 'unchanged' || old?.source !== 'command') await this.#changed();
    const next = nextPostAt(subscription, await this.#ledger(at), at);
    return { subscription, change, ...(next ? { next } : {}) };
  }

  /** Removes a channel's subscription; returns it, or undefined if there was none. */
  async unsubscribe(ref: ChannelRef): Promise<Subscription | undefined> {
    const old = await this.store.removeSubscription(ref);
    if (old) await this.#changed();
    return old;
  }

  async status(ref: ChannelRef): Promise<ChannelStatus> {
    const at = this.clock.now();
    const [subscription, last, ledger] = await Promise.all([
      this.store.getSubscription(ref),
      this.store.lastPost(ref),
      this.#ledger(at),
    ]);
    const next = subscription ? nextPostAt(subscription, ledger, at) : undefined;
    return {
      ...(subscription ? { subscription } : {}),
      ...(next ? { next } : {}),
      ...(last ? { last } : {}),
    };
  }

  /**
   * Makes the config-listed channels subscribed: new ones are added, config ones follow the
   * configured time and zone and are re-enabled (a restart is the operator's retry), channels dropped
   * from config are removed. A channel a manager subscribed by command keeps its own settings (the
   * store enforces it, so a subscribe racing this sync still wins).
   */
  async syncConfigChannels(
    channels: readonly ConfiguredChannel[],
  ): Promise<{ added: number; removed: number }> {
    const at = this.clock.now();
    // Validate everything before writing anything.
    const wanted = new Map(
      channels.map((c) => [
        `${c.platform}:${c.channelId}`,
        {
          platform: c.platform,
          channelId: c.channelId,
          time: validTime(c.time ?? this.settings.defaultTime),
          timeZone: validTimeZone(c.timeZone ?? this.settings.defaultTimeZone),
          source: 'config' as const,
        },
      ]),
    );
    let added = 0;
    let removed = 0;
    for (const sub of await this.store.listSubscriptions()) {
      if (sub.source === 'config' && !wanted.has(`${sub.platform}:${sub.channelId}`)) {
        if (await this.store.removeSubscription(sub, 'config')) removed++;
      }
    }
    for (const input of wanted.values()) {
      const { previous } = await this.store.saveSubscription(input, at);
      if (!previous) added++;
    }
    await this.#changed();
    return { added, removed };
  }

  #ledger(at: Date): Promise<PostEntry[]> {
    return this.store.postsSince(ledgerFrom(at));
  }
}

export const TIME_HELP = 'a 24-hour time HH:MM, e.g. 09:00 or 18:30';
export const ZONE_HELP = 'an IANA time zone name, e.g. Europe/London, America/New_York or Asia/Seoul';

/** `9:05` → `09:05`; throws INPUT_INVALID naming the accepted form. */
export function validTime(raw: string): string {
  const t = parseLocalTime(raw);
  if (!t) throw new ArchivistError('INPUT_INVALID', `“${raw.trim()}” is not a time: use ${TIME_HELP}.`);
  return formatLocalTime(t);
}

/** `europe/london` → `Europe/London`; throws INPUT_INVALID with what is accepted and the closest names. */
export function validTimeZone(raw: string): string {
  const tz = canonicalTimeZone(raw);
  if (tz) return tz;
  const close = closestTimeZones(raw);
  const hint = close.length ? ` Did you mean ${close.join(', ')}?` : '';
  throw new ArchivistError('INPUT_INVALID', `“${raw.trim()}” is not a time zone: use ${ZONE_HELP}.${hint}`);
}
