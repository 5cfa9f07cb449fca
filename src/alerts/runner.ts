import type { Alert, AlertPost, AlertPoster, AlertStore } from '../core/alert-state.js';
import { articleKey } from '../core/alert-state.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Platform } from '../core/command.js';
import type { ChannelRef } from '../core/state.js';
import type { PassageHit } from '../core/types.js';
import { type AlertAnswers, bestPassage, matchArticles } from './match.js';

/** More matching articles than this arriving together for one alert make one summary post. */
export const BURST_AFTER = 5;
/** Articles a summary post names (best first); the rest are counted. */
export const BURST_LISTED = 10;
/** Wait before running again after a run hit a store error. */
export const RETRY_MS = 30_000;

export interface AlertLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface AlertRunnerOptions {
  store: AlertStore;
  answers: AlertAnswers;
  poster: AlertPoster;
  /** Platforms this process posts to; alerts of the others wait for a process that does. */
  platforms: ReadonlySet<Platform>;
  /** Whether this process posts to a channel (Discord: guilds on its shards). Default: yes. */
  serves?: (ref: ChannelRef) => boolean;
  log: AlertLog;
  clock?: Clock;
  retryMs?: number;
}

/** What one run did, for logs and tests. */
export interface AlertReport {
  /** Posts sent: one per article, or one summary per burst. */
  posts: number;
  /** Articles those posts covered. */
  articles: number;
  summaries: number;
  failed: number;
}

/**
 * Posts alerts for the articles new in the archive. A run records the archive's articles in the store
 * (the first time this process sees each), asks the store which articles are new for which alert,
 * claims them (one process wins each), matches them with the alert's search through the answer
 * service, and posts. Runs are queued one after another; call {@link check} after every archive swap
 * and once at start (catching up on files added while the bot was down).
 */
export class AlertRunner {
  readonly #o: AlertRunnerOptions;
  readonly #clock: Clock;
  /** Articles this process has already recorded, so a swap sends the store only the new ones. */
  readonly #recorded = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: AlertRunnerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Runs after any run in progress; resolves with what it did. A failure is logged and retried. */
  check(): Promise<AlertReport> {
    const run = this.#queue.then(() => this.#run());
    this.#queue = run.catch((err: unknown) => {
      this.#o.log.error({ err }, 'alert run failed; trying again shortly');
      if (this.#stopped) return;
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => void this.check().catch(() => undefined), this.#o.retryMs ?? RETRY_MS);
      this.#retry.unref();
    });
    return run;
  }

  /** Stops retries and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.#queue;
  }

  async #run(): Promise<AlertReport> {
    const report: AlertReport = { posts: 0, articles: 0, summaries: 0, failed: 0 };
    if (this.#stopped) return report;
    const { store, answers } = this.#o;
    const now = this.#clock.now();
    const slugOf = new Map<string, string>();
    for (const slug of answers.slugs()) slugOf.set(articleKey({ slug }), slug);
    const unseen = [...slugOf.keys()].filter((k) => !this.#recorded.has(k));
    if (unseen.length) {
      await store.markSeen(unseen, now);
      for (const k of unseen) this.#recorded.add(k);
    }
    const pending = await store.pendingArticles();
    if (pending.length === 0) return report;
    const alerts = new Map((await store.listAlerts()).map((a) => [a.id, a]));
    for (const { alertId, keys } of pending) {
      const alert = alerts.get(alertId);
      if (!alert || !this.#o.platforms.has(alert.platform)) continue;
      if (this.#o.serves && !this.#o.serves(alert)) continue;
      // Articles recorded by another process that this one does not hold (yet) wait for it.
      const here = keys.filter((k) => slugOf.has(k));
      const claimed = await store.claimArticles(alertId, here, now);
      if (claimed.length) await this.#deliver(alert, claimed, slugOf, report);
    }
    if (report.posts || report.failed) this.#o.log.info({ ...report }, 'alerts posted');
    return report;
  }

  async #deliver(
    alert: Alert,
    claimed: string[],
    slugOf: ReadonlyMap<string, string>,
    report: AlertReport,
  ): Promise<void> {
    const { store, answers } = this.#o;
    const slugs = claimed.map((k) => slugOf.get(k) ?? k);
    let found: Map<string, PassageHit>;
    try {
      found = await matchArticles(answers, alert.search, slugs);
    } catch (err) {
      // A search that no longer parses (or a failing answer service) must not block the others.
      this.#o.log.warn({ err, alert: alert.id }, 'alert search failed');
      await store.finishArticles(alert.id, claimed, 'failed', this.#clock.now(), errorText(err));
      return;
    }
    const matched = claimed.filter((_, i) => found.has(slugs[i] ?? ''));
    const unmatched = claimed.filter((_, i) => !found.has(slugs[i] ?? ''));
    await store.finishArticles(alert.id, unmatched, 'no-match', this.#clock.now());
    if (matched.length === 0) return;
    if (matched.length > BURST_AFTER) {
      // Best first, as /ask ranks them.
      const top = [...found.values()].slice(0, BURST_LISTED).map((h) => h.source);
      const post: AlertPost = { kind: 'burst', alert, count: matched.length, top };
      await this.#send(alert, post, matched, `${alert.id}:${matched[0]}:${matched.length}`, report, true);
      return;
    }
    // In the order the articles arrived.
    for (const key of matched) {
      const slug = slugOf.get(key) ?? key;
      const hit = (await bestPassage(answers, alert.search, slug)) ?? found.get(slug);
      if (!hit) continue;
      await this.#send(alert, { kind: 'article', alert, hit }, [key], `${alert.id}:${key}`, report, false);
    }
  }

  async #send(
    alert: Alert,
    post: AlertPost,
    keys: string[],
    postKey: string,
    report: AlertReport,
    summary: boolean,
  ): Promise<void> {
    const target = { platform: alert.platform, channelId: alert.channelId };
    try {
      await this.#o.poster(target, post, postKey);
    } catch (err) {
      report.failed++;
      this.#o.log.warn({ err, alert: alert.id, ...target }, 'alert post failed');
      await this.#o.store.finishArticles(alert.id, keys, 'failed', this.#clock.now(), errorText(err));
      return;
    }
    report.posts++;
    report.articles += keys.length;
    if (summary) report.summaries++;
    await this.#o.store.finishArticles(alert.id, keys, 'sent', this.#clock.now());
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}
