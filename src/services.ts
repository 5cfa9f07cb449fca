import type { Config } from './config/index.js';
import type { AlertCommands } from './core/alert-state.js';
import type { Answers } from './core/answers-port.js';
import type { Clock } from './core/clock.js';
import type { Command } from './core/command.js';
import type { DailyService } from './core/daily/service.js';
import type { FeedAdmin } from './core/feed-state.js';
import type { RateLimiter } from './core/rate-limit.js';
import type { AnswerSessionStore, EventLedger, FeedbackStore } from './core/state.js';
import type { InFlight } from './lifecycle/inflight.js';
import type { Logger } from './logger.js';
import type { Metrics } from './observability/metrics.js';

/**
 * Everything the pipeline and the adapters work with, built once in main.ts (tests build their own).
 * Optional members are absent where the deployment has none: no rate limits configured, no metrics in
 * the terminal, no state store when it could not be opened.
 */
export interface Services {
  config: Config;
  logger: Logger;
  clock: Clock;
  answers: Answers;
  commands: readonly Command[];
  /** Answer sessions behind the buttons: the state store, or memory when there is none. */
  sessions: AnswerSessionStore;
  /** Platform event ids already handled (Slack retries): the state store, or memory when there is none. */
  events: EventLedger;
  inflight: InFlight;
  feedback?: FeedbackStore;
  daily?: DailyService;
  /** Saved-search alerts (`/alert`); absent without a state store. */
  alerts?: AlertCommands;
  /** News feeds (`/feeds`); absent without a state store. */
  feeds?: FeedAdmin;
  metrics?: Metrics;
  rateLimiter?: RateLimiter;
}
