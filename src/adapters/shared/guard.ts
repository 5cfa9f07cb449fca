import type { Clock } from '../../core/clock.js';
import type { CommandResult } from '../../core/command.js';
import { RateLimiter } from '../../core/rate-limit.js';
import type { Logger } from '../../logger.js';
import { Metrics, type QuestionOutcome } from '../../observability/metrics.js';
import { InFlight } from './inflight.js';
import { RESTARTING_TEXT, rateLimitedText } from './text.js';

export type ChatPlatform = 'discord' | 'slack';

/** Why an event is not answered, with the polite text to show instead. */
export interface Refusal {
  reason: 'rate-limited' | 'restarting';
  text: string;
  /**
   * True for the first refusal of this user (or channel) until the wait is over. Public surfaces (a
   * reply in the channel) say so only then, so a flood of mentions does not become a flood of replies.
   */
  firstNotice: boolean;
}

export interface GuardDeps {
  platform: ChatPlatform;
  logger: Logger;
  clock: Clock;
  rateLimiter?: RateLimiter | undefined;
  metrics?: Metrics | undefined;
  inflight?: InFlight | undefined;
}

/**
 * What both adapters call around every event: whether to take it at all (shutting down), whether the
 * asker or the channel is over the rate limit, the metrics of each answer, and what happens when a
 * reply cannot be delivered. Rate limiter, metrics and the in-flight tracker come from `services`
 * (main.ts wires one of each per process); without them the guard only tracks what is in flight.
 */
export class AnswerGuard {
  readonly platform: ChatPlatform;
  readonly inflight: InFlight;
  readonly metrics: Metrics | undefined;
  readonly #limiter: RateLimiter | undefined;
  readonly #logger: Logger;
  readonly #clock: Clock;
  /** `scope:key` → until when a refusal was already announced. */
  readonly #noticed = new Map<string, number>();

  constructor(deps: GuardDeps) {
    this.platform = deps.platform;
    this.#logger = deps.logger;
    this.#clock = deps.clock;
    this.#limiter = deps.rateLimiter;
    this.metrics = deps.metrics;
    this.inflight = deps.inflight ?? new InFlight();
  }

  /** The guard for an adapter, from what main.ts put in `services` (`metrics`, `rateLimiter`, `inflight`). */
  static fromServices(
    platform: ChatPlatform,
    services: Record<string, unknown>,
    logger: Logger,
    clock: Clock,
  ): AnswerGuard {
    const pick = <T>(v: unknown, type: abstract new (...args: never[]) => T) =>
      v instanceof type ? v : undefined;
    return new AnswerGuard({
      platform,
      logger,
      clock,
      rateLimiter: pick(services.rateLimiter, RateLimiter),
      metrics: pick(services.metrics, Metrics),
      inflight: pick(services.inflight, InFlight),
    });
  }

  /** Counts an event in; undefined when shutting down (answer with {@link restarting} instead). */
  hold(): (() => void) | undefined {
    return this.inflight.begin();
  }

  restarting(): Refusal {
    return { reason: 'restarting', text: RESTARTING_TEXT, firstNotice: true };
  }

  /** Checks and records one request of `userId` in `channelId`; a refusal says when to try again. */
  limit(userId: string, channelId: string): Refusal | undefined {
    if (!this.#limiter) return undefined;
    const decision = this.#limiter.check(`${this.platform}:${userId}`, `${this.platform}:${channelId}`);
    if (decision.ok) return undefined;
    this.metrics?.rateLimited.inc({ platform: this.platform, scope: decision.scope });
    const key = `${decision.scope}:${decision.scope === 'user' ? userId : channelId}`;
    const now = this.#clock.now().getTime();
    const firstNotice = (this.#noticed.get(key) ?? 0) <= now;
    if (firstNotice) {
      this.#noticed.set(key, now + decision.retryAfterMs);
      if (this.#noticed.size > 10_000) {
        for (const [k, until] of this.#noticed) if (until <= now) this.#noticed.delete(k);
      }
    }
    this.#logger.debug(
      { user: userId, channel: channelId, scope: decision.scope, retryAfterMs: decision.retryAfterMs },
      'rate limited',
    );
    return {
      reason: 'rate-limited',
      text: rateLimitedText(decision.scope, decision.retryAfterMs),
      firstNotice,
    };
  }

  /**
   * Records a result the platform has accepted: questions by outcome, and their latency from `startedMs`
   * (a `performance.now()` taken when the event arrived). Other commands are not questions.
   */
  answered(result: CommandResult, startedMs: number): void {
    if (!this.metrics || result.kind !== 'answer') return;
    const { answer } = result;
    const outcome: QuestionOutcome =
      answer.passages.length > 0
        ? 'answered'
        : answer.reason === 'too-long' || answer.reason === 'empty-question'
          ? 'refused'
          : 'no_answer';
    this.metrics.questions.inc({ platform: this.platform, outcome });
    this.metrics.latency.observe({ platform: this.platform }, (performance.now() - startedMs) / 1000);
  }

  /**
   * Hands a reply to the platform. The platform library has already retried what it retries (Discord
   * 429s and 5xx, Slack `ratelimited` and HTTP errors) by the time this sees a failure: it is logged
   * with `ref`, counted as a delivery error, and reported as false so the caller can tell the user.
   */
  async deliver(ref: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (err) {
      this.metrics?.errors.inc({ platform: this.platform, kind: 'delivery' });
      this.#logger.warn({ err, ref }, 'reply could not be delivered');
      return false;
    }
  }

  /** The platform answered 429; its library waits and retries. */
  platformRateLimited(): void {
    this.metrics?.errors.inc({ platform: this.platform, kind: 'platform_rate_limited' });
  }
}
