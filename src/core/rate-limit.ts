import type { Clock } from './clock.js';
import { ArchivistError } from './errors.js';

/** A limit of `max` events per `windowMs`, per key. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; scope: 'user' | 'channel' };

/**
 * Sliding-window limiter per key (a user, a channel). Keeps only the timestamps inside the window, and
 * forgets idle keys, so memory stays bounded by recent activity. Time comes from the injected clock.
 */
class SlidingWindow {
  readonly #hits = new Map<string, number[]>();
  #lastSweep: number;
  constructor(
    readonly limit: RateLimit,
    readonly clock: Clock,
  ) {
    this.#lastSweep = clock.now().getTime();
  }

  get size(): number {
    return this.#hits.size;
  }

  /** Milliseconds until `key` may act again; 0 when it may act now. Does not record anything. */
  wait(key: string): number {
    const now = this.clock.now().getTime();
    this.#sweep(now);
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > now - this.limit.windowMs);
    if (recent.length === 0) this.#hits.delete(key);
    else this.#hits.set(key, recent);
    if (recent.length < this.limit.max) return 0;
    return (recent[recent.length - this.limit.max] ?? now) + this.limit.windowMs - now;
  }

  record(key: string): void {
    const list = this.#hits.get(key) ?? [];
    list.push(this.clock.now().getTime());
    this.#hits.set(key, list);
  }

  /**
   * Drops keys that never ask again (a key is otherwise only cleaned when it asks). At most once per
   * window, so the O(keys) pass is paid for by the checks made meanwhile; no timer to stop.
   */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.limit.windowMs) return;
    this.#lastSweep = now;
    for (const [key, list] of this.#hits) {
      if ((list.at(-1) ?? 0) <= now - this.limit.windowMs) this.#hits.delete(key);
    }
  }
}

/** Per-user and per-channel limits checked together; an event counts against both only when allowed. */
export class RateLimiter {
  readonly #user: SlidingWindow | undefined;
  readonly #channel: SlidingWindow | undefined;

  /** A limit left out is not enforced. */
  constructor(limits: { user?: RateLimit | undefined; channel?: RateLimit | undefined }, clock: Clock) {
    this.#user = limits.user ? new SlidingWindow(limits.user, clock) : undefined;
    this.#channel = limits.channel ? new SlidingWindow(limits.channel, clock) : undefined;
  }

  /** Keys held across both limits (for tests and memory checks). */
  get size(): number {
    return (this.#user?.size ?? 0) + (this.#channel?.size ?? 0);
  }

  check(userKey: string, channelKey: string): RateDecision {
    const userWait = this.#user?.wait(userKey) ?? 0;
    if (userWait > 0) return { ok: false, retryAfterMs: userWait, scope: 'user' };
    const channelWait = this.#channel?.wait(channelKey) ?? 0;
    if (channelWait > 0) return { ok: false, retryAfterMs: channelWait, scope: 'channel' };
    this.#user?.record(userKey);
    this.#channel?.record(channelKey);
    return { ok: true };
  }
}

export const RATE_LIMIT_FORM = 'must be COUNT/WINDOW, e.g. 5/30s or 30/1m, or "off"';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Reads a limit written as `COUNT/WINDOW`: `5/30s`, `30/1m`, `100/1h` (a bare window number is
 * seconds). `off` or empty means no limit. Anything else is ArchivistError('CONFIG_INVALID') saying
 * {@link RATE_LIMIT_FORM}.
 */
export function parseRateLimit(text: string): RateLimit | undefined {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'off') return undefined;
  const m = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)?$/.exec(t);
  const max = Number(m?.[1]);
  const windowMs = Number(m?.[2]) * (UNITS[m?.[3] ?? 's'] ?? 1000);
  if (!m || max < 1 || !Number.isFinite(windowMs) || windowMs < 1) {
    throw new ArchivistError('CONFIG_INVALID', `rate limit "${text}" ${RATE_LIMIT_FORM}`);
  }
  return { max, windowMs: Math.round(windowMs) };
}
