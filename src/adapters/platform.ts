import type { AlertPost } from '../core/alert-state.js';
import type { OnThisDay } from '../core/types.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Services } from '../services.js';

/** What every chat adapter is started with: the typed services and the one event pipeline. */
export interface PlatformDeps {
  services: Services;
  pipeline: Pipeline;
}

/** A started platform: what shutdown, /healthz and the daily scheduler need. */
export interface RunningPlatform {
  name: string;
  /** Whether the platform connection is up right now (Discord gateway ready, Slack socket or HTTP server); for /healthz. */
  isConnected?(): boolean;
  /** Health of each part of the connection where there are several (Discord shards), for /healthz. */
  parts?(): Array<{ name: string; ok: boolean }>;
  /** Logs out and closes connections; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Posts the daily "on this day" message to a channel. Rejects when the platform refuses it (the
   * error carries the platform's code) so the scheduler can count and report failures.
   */
  postOnThisDay?(channelId: string, result: OnThisDay, key?: string): Promise<void>;
  /**
   * Whether the daily post with idempotency `key` is in the channel, posted at or after `since`: how a
   * post a crash left unconfirmed is reconciled. Rejects when the platform cannot be asked.
   */
  findDailyPost?(channelId: string, key: string, since: Date): Promise<boolean>;
  /** Posts a saved-search alert to a channel (`key` identifies the post); rejects when refused. */
  postAlert?(channelId: string, post: AlertPost, key: string): Promise<void>;
  /** Posts a short notice to a channel (a news feed paused, to the channel that added it); rejects when refused. */
  postNotice?(channelId: string, text: string): Promise<void>;
  /** Whether this process posts to the channel; absent: every channel of the platform. */
  servesChannel?(channelId: string): boolean;
}
