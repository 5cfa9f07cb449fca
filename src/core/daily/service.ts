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
  readonly #listeners = new Set<() => void>();

  constructor(store: SubscriptionStore & PostLedger, settings: DailySettings, clock: Clock = systemClock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** Calls `fn` after every subscription change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }

  dueOptions(platforms?: ReadonlySet<ChannelRef['platform']>): DueOptions {
    return {
      catchupMs: this.settings.catchupHours * 3_600_000,
      retryDelayMs: this.settings.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      ...(platforms ? { platforms } : {}),
    };
  }

  selectionOptions(): OnThisDayOptions {
    return { nearestWithinDays: this.settings.nearestWithinDays };
  }

  /** The zone a channel's "today" is read in: its subscription's, else the default. */
  timeZoneFor(ref: ChannelRef): string {
    return this.store.getSubscription(ref)?.timeZone ?? this.settings.defaultTimeZone;
  }

  /**
   * Subscribes a channel, or changes its time or zone; options left out keep the current value (or
   * take the default for a new subscription). Re-enables a disabled subscription.
   * Throws ArchivistError('INPUT_INVALID') naming what is accepted.
   */
  subscribe(ref: ChannelRef, options: { time?: string; timeZone?: string }, by?: string): SubscribeOutcome {
    const time = options.time === undefined ? undefined : validTime(options.time);
    const timeZone = options.timeZone === undefined ? undefined : validTimeZone(options.timeZone);
    const old = this.store.getSubscription(ref);
    const at = this.clock.now();
    const subscription = this.store.saveSubscription(
      {
        ...ref,
        time: time ?? old?.time ?? this.settings.defaultTime,
        timeZone: timeZone ?? old?.timeZone ?? this.settings.defaultTimeZone,
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
    if (change !== 'unchanged' || old?.source !== 'command') this.#changed();
    const next = nextPostAt(subscription, this.#ledger(at), at);
    return { subscription, change, ...(next ? { next } : {}) };
  }

  /** Removes a channel's subscription; returns it, or undefined if there was none. */
  unsubscribe(ref: ChannelRef): Subscription | undefined {
    const old = this.store.getSubscription(ref);
    if (old && this.store.removeSubscription(ref)) this.#changed();
    return old;
  }

  status(ref: ChannelRef): ChannelStatus {
    const at = this.clock.now();
    const subscription = this.store.getSubscription(ref);
    const last = this.store.lastPost(ref);
    const next = subscription ? nextPostAt(subscription, this.#ledger(at), at) : undefined;
    return {
      ...(subscription ? { subscription } : {}),
      ...(next ? { next } : {}),
      ...(last ? { last } : {}),
    };
  }

  /**
   * Makes the config-listed channels subscribed: new ones are added, config ones follow the
   * configured time and zone and are re-enabled (a restart is the operator's retry), channels dropped
   * from config are removed. A channel a manager subscribed by command keeps its own settings.
   */
  syncConfigChannels(channels: readonly ConfiguredChannel[]): { added: number; removed: number } {
    const at = this.clock.now();
    const wanted = new Map(channels.map((c) => [`${c.platform}:${c.channelId}`, c]));
    let added = 0;
    let removed = 0;
    for (const sub of this.store.listSubscriptions()) {
      if (sub.source === 'config' && !wanted.has(`${sub.platform}:${sub.channelId}`)) {
        this.store.removeSubscription(sub);
        removed++;
      }
    }
    for (const c of wanted.values()) {
      const old = this.store.getSubscription(c);
      if (old?.source === 'command') continue;
      this.store.saveSubscription(
        {
          platform: c.platform,
          channelId: c.channelId,
          time: validTime(c.time ?? this.settings.defaultTime),
          timeZone: validTimeZone(c.timeZone ?? this.settings.defaultTimeZone),
          source: 'config',
        },
        at,
      );
      if (!old) added++;
    }
    this.#changed();
    return { added, removed };
  }

  #ledger(at: Date): PostEntry[] {
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
