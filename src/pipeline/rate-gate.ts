import type { Services } from '../services.js';
import type { ChatEvent, Refusal } from './events.js';
import { rateLimitedText } from './wording.js';

/**
 * The per-user and per-channel question limits, with "said once per wait" bookkeeping: public surfaces
 * announce a refusal only the first time until the wait is over. Limits are kept per process (see
 * README "Operating it").
 */
export class RateGate {
  readonly #s: Services;
  /** `scope:key` → until when a refusal was already announced. */
  readonly #noticed = new Map<string, number>();

  constructor(services: Services) {
    this.#s = services;
  }

  /** Checks and records one request; a refusal says when to try again. */
  check(event: ChatEvent): Refusal | undefined {
    const { rateLimiter, metrics, logger, clock } = this.#s;
    if (!rateLimiter) return undefined;
    const userId = event.user.id;
    const channelId = event.channel?.id ?? userId;
    const decision = rateLimiter.check(`${event.platform}:${userId}`, `${event.platform}:${channelId}`);
    if (decision.ok) return undefined;
    metrics?.rateLimited.inc({ platform: event.platform, scope: decision.scope });
    const key = `${event.platform}:${decision.scope}:${decision.scope === 'user' ? userId : channelId}`;
    const now = clock.now().getTime();
    const firstNotice = (this.#noticed.get(key) ?? 0) <= now;
    if (firstNotice) {
      this.#noticed.set(key, now + decision.retryAfterMs);
      if (this.#noticed.size > 10_000) {
        for (const [k, until] of this.#noticed) if (until <= now) this.#noticed.delete(k);
      }
    }
    logger.debug(
      { user: userId, channel: channelId, scope: decision.scope, retryAfterMs: decision.retryAfterMs },
      'rate limited',
    );
    return {
      reason: 'rate-limited',
      text: rateLimitedText(decision.scope, decision.retryAfterMs),
      firstNotice,
    };
  }
}
