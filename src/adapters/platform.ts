import type { Config } from '../config/index.js';
import type { AnswerService } from '../core/answer-service.js';
import type { OnThisDay } from '../core/types.js';
import type { Logger } from '../logger.js';

/** What every chat adapter is started with. */
export interface PlatformDeps {
  config: Config;
  answers: AnswerService;
  logger: Logger;
  /** Extra services wired at start (state store, scheduler); absent where the deployment has none. */
  services: Record<string, unknown>;
}

/** A started platform: what shutdown and the daily scheduler need. */
export interface RunningPlatform {
  name: string;
  /** Whether the platform connection is up right now (Discord gateway ready, Slack socket or HTTP server); for /healthz. */
  isConnected?(): boolean;
  /** Logs out and closes connections; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Posts the daily "on this day" message to a channel. Rejects when the platform refuses it (the
   * error carries the platform's code) so the scheduler can count and report failures.
   */
  postOnThisDay?(channelId: string, result: OnThisDay): Promise<void>;
}
