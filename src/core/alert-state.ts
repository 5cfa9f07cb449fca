/**
 * Saved-search alerts: the store port and the shapes the runner, the command and the adapters share.
 *
 * "New for an alert" is decided in the store, not by comparing archives in memory: every article the
 * archive holds is recorded once, in order (a sequence number), the first time any process sees it. An
 * alert remembers the last number recorded when it was created (its baseline), after the articles
 * present then were recorded. An article is new for the alert when its number is above the baseline,
 * so files added while the bot was down are new, and an edit (same article, same number) never is. A
 * delivery row per (alert, article) is claimed before anything is posted: never twice, across restarts
 * and replicas.
 */
import type { ChannelRef } from './state.js';
import type { ArticleMeta, PassageHit, Source } from './types.js';

/** An article's identity across reindexes and edits: its slug (the file name), unique in an archive. */
export function articleKey(meta: Pick<ArticleMeta, 'slug'>): string {
  return meta.slug;
}

export interface Alert extends ChannelRef {
  /** Small number people type in `/alert remove <id>`; never reused. */
  id: number;
  /** As typed, inline filters (`source:`, `after:`, `before:`) included. */
  search: string;
  createdBy?: string;
  createdAt: Date;
  /** Articles recorded after this sequence number are new for the alert. */
  baseline: number;
}

export interface AlertSummary extends Alert {
  /** Articles posted for it so far (one post each, or as part of a burst summary). */
  sent: number;
  lastSentAt?: Date;
}

export interface AlertInput extends ChannelRef {
  search: string;
  createdBy?: string;
}

/** How a claimed (alert, article) ended: posted, not a match for the search, or the post failed. */
export type AlertOutcome = 'sent' | 'no-match' | 'failed';

export interface AlertStore {
  /** Records articles as in the archive; one already recorded keeps its first number. */
  markSeen(keys: readonly string[], at: Date): Promise<void>;
  /**
   * Records `present` (the articles in the archive now) and creates the alert with a baseline after
   * them, in one step ordered with every markSeen: none of them, nor anything recorded before, is new
   * for it.
   */
  addAlert(input: AlertInput, present: readonly string[], at: Date): Promise<Alert>;
  /** A channel's alerts (all alerts without `ref`), oldest first, with what they posted. */
  listAlerts(ref?: ChannelRef): Promise<AlertSummary[]>;
  /** Removes the alert if it belongs to that channel; returns it. */
  removeAlert(ref: ChannelRef, id: number): Promise<Alert | undefined>;
  /** Per alert, the articles new for it that no process has claimed yet, in the order recorded. */
  pendingArticles(): Promise<Array<{ alertId: number; keys: string[] }>>;
  /**
   * Claims (alert, article) for those of `keys` new for the alert and not claimed before, atomically
   * across processes; returns the ones this call claimed.
   */
  claimArticles(alertId: number, keys: readonly string[], at: Date): Promise<string[]>;
  finishArticles(
    alertId: number,
    keys: readonly string[],
    outcome: AlertOutcome,
    at: Date,
    error?: string,
  ): Promise<void>;
  close(): Promise<void>;
}

/** What one alert post carries: one matching article, or a summary of a burst. */
export type AlertPost =
  | { kind: 'article'; alert: Alert; hit: PassageHit }
  | {
      kind: 'burst';
      alert: Alert;
      /** Matching articles in the burst. */
      count: number;
      /** The best matching few, best first (the post lists these). */
      top: Source[];
    };

/** Sends an alert post to its channel; rejects when the platform refuses it. `key` identifies the post. */
export type AlertPoster = (target: ChannelRef, post: AlertPost, key: string) => Promise<void>;

/** What `/alert` needs (the commands stay free of stores and archives). */
export interface AlertCommands {
  add(ref: ChannelRef, search: string, userId: string): Promise<AddAlertOutcome>;
  list(ref: ChannelRef): Promise<AlertSummary[]>;
  remove(ref: ChannelRef, id: number): Promise<Alert | undefined>;
}

export type AddAlertOutcome =
  | { kind: 'added'; alert: Alert }
  | { kind: 'exists'; alert: Alert }
  | { kind: 'refused'; reason: string };
