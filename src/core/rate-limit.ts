import type { Clock } from './clock.js';

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
  constructor(
    readonly limit: RateLimit,
    readonly clock: Clock,
  ) {}

  /** Milliseconds until `key` may act again; 0 when it may act now. Does not record anything. */
  wait(key: string): number {
    const now = this.clock.now().getTime();
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
}

/** Per-user and per-channel limits checked together; an event counts against both only when allowed. */
export class RateLimiter {
  readonly #user: SlidingWindow;
  readonly #channel: SlidingWindow;

  constructor(limits: { user: RateLimit; channel: RateLimit }, clock: Clock) {
    this.#user = new SlidingWindow(limits.user, clock);
    this.#channel = new SlidingWindow(limits.channel, clock);
  }

  check(userKey: string, channelKey: string): RateDecision {
    const userWait = this.#user.wait(userKey);
    if (userWait > 0) return { ok: false, retryAfterMs: userWait, scope: 'user' };
    const channelWait = this.#channel.wait(channelKey);
    if (channelWait > 0) return { ok: false, retryAfterMs: channelWait, scope: 'channel' };
    this.#user.record(userKey);
    this.#channel.record(channelKey);
    return { ok: true };
  }
}
