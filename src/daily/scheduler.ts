import { Cron } from 'croner';
import type { Clock } from '../core/clock.js';
import type { Platform } from '../core/command.js';
import type { DeliveryDeps } from '../core/daily/deliver.js';
import {
  type DailyFinder,
  type DailyLog,
  type DailyPoster,
  type DeliveryReport,
  deliverDue,
  ledgerFrom,
  logStartupFindings,
} from '../core/daily/deliver.js';
import { MISSED_LOOKBACK_DAYS, missedPosts, nextRetryAt, windowMs } from '../core/daily/schedule.js';
import type { DailyService } from '../core/daily/service.js';
import { parseLocalTime } from '../core/daily/zone.js';
import type { ChannelRef, Subscription } from '../core/state.js';
import type { Metrics } from '../observability/metrics.js';

/** Pauses before running again after a run hit a state store error; the last one repeats. */
export const RUN_BACKOFF_MS: readonly number[] = [5_000, 15_000, 60_000, 300_000];

export interface DailySchedulerOptions {
  daily: DailyService;
  answers: DeliveryDeps['answers'];
  poster: DailyPoster;
  /** Looks in a channel for a post a crash may have sent (reconciliation). */
  find?: DailyFinder;
  log: DailyLog;
  /** Platforms that can post now; subscriptions on the others wait quietly. */
  platforms: ReadonlySet<Platform>;
  /** Whether this process posts to a channel (Discord: guilds on its shards); default all of a platform's. */
  serves?: (ref: ChannelRef) => boolean;
  /** Default: the daily service's clock. */
  clock?: Clock;
  /** Counts failed runs and missed days when given. */
  metrics?: Pick<Metrics, 'dailyPosts' | 'dailyRunsFailed'>;
  /** Default RUN_BACKOFF_MS (tests shorten it). */
  backoffMs?: readonly number[];
}

/** The croner pattern of a daily `HH:MM`: minute and hour fixed, so croner treats DST as fixed-time. */
export function cronPattern(time: string): string {
  const t = parseLocalTime(time);
  if (!t) throw new RangeError(`"${time}" is not HH:MM`);
  return `${t.minute} ${t.hour} * * *`;
}

/** A paused job for `time` in `timeZone`: asks croner when it would fire, starts no timer. */
export function pausedJob(time: string, timeZone: string): Cron {
  return new Cron(cronPattern(time), { timezone: timeZone, paused: true });
}

/**
 * The runtime around the pure planner: one croner job per distinct (time, zone) among the
 * subscriptions, plus a one-off timer for the next retry. Every timer does the same thing: ask
 * `deliverDue` what is due now and post it. Runs never overlap (they are queued), and the ledger
 * makes any extra run harmless, so timers may be generous. A run that hits a state store error is run
 * again with backoff until the catch-up window of anything then due has closed.
 */
export class DailyScheduler {
  readonly #o: DailySchedulerOptions;
  readonly #clock: Clock;
  readonly #jobs = new Map<string, Cron>();
  #retry: Cron | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Reschedules run one after another, so the last one applied is the latest read. */
  #planning: Promise<void> = Promise.resolve();
  #offChange: (() => void) | undefined;
  #running = false;
  #backoff: NodeJS.Timeout | undefined;
  /** Failed runs in a row, and when (injected clock) the first of them was. */
  #failures = 0;
  #failingSince: number | undefined;

  constructor(options: DailySchedulerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? options.daily.clock;
  }

  /** Starts the timers and runs the start-up catch-up; resolves with what the catch-up did. */
  async start(): Promise<DeliveryReport> {
    this.#running = true;
    this.#offChange = this.#o.daily.onChange(() => this.reschedule());
    await this.reschedule();
    const report = await this.runNow();
    const subs = await this.#o.daily.store.listSubscriptions();
    const missed = await this.#missed(subs);
    logStartupFindings(report.plan, this.#o.log, missed);
    for (const m of missed)
      this.#o.metrics?.dailyPosts.inc({ platform: m.subscription.platform, outcome: 'missed' });
    const waiting = subs.filter((s) => !this.#o.platforms.has(s.platform));
    if (waiting.length > 0) {
      this.#o.log.warn(
        { channels: waiting.length, platforms: [...new Set(waiting.map((s) => s.platform))] },
        'daily posts waiting: their platform is not running in this process',
      );
    }
    this.#o.log.info(
      { subscriptions: subs.length, timers: this.#jobs.size },
      'daily "on this day" scheduler started',
    );
    return report;
  }

  /** Stops the timers, then waits (up to `graceMs`) for a run in progress to record its outcome. */
  async stop(graceMs = 10_000): Promise<void> {
    this.#running = false;
    this.#offChange?.();
    for (const job of this.#jobs.values()) job.stop();
    this.#jobs.clear();
    this.#retry?.stop();
    this.#retry = undefined;
    clearTimeout(this.#backoff);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    await Promise.race([Promise.all([this.#queue, this.#planning]), late]);
    clearTimeout(timer);
  }

  /** Posts whatever is due now; queued behind any run in progress. */
  runNow(): Promise<DeliveryReport> {
    const run = this.#queue.then(async () => {
      let report: DeliveryReport;
      try {
        report = await deliverDue(
          {
            store: this.#o.daily.store,
            answers: this.#o.answers,
            poster: this.#o.poster,
            ...(this.#o.find ? { find: this.#o.find } : {}),
            clock: this.#clock,
            log: this.#o.log,
            due: this.#o.daily.dueOptions(this.#o.platforms, this.#o.serves),
            maxFailures: this.#o.daily.settings.maxFailures,
            nearestWithinDays: this.#o.daily.settings.nearestWithinDays,
          },
          this.#clock.now(),
        );
        await this.#planRetry();
      } catch (err) {
        this.#settle(false, err);
        throw err;
      }
      this.#settle(!report.results.some((r) => r.outcome === 'error'));
      return report;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Brings the croner jobs in line with the subscriptions (called on every change); never rejects. */
  reschedule(): Promise<void> {
    this.#planning = this.#planning.then(() => this.#reschedule()).catch(this.#onError);
    return this.#planning;
  }

  async #reschedule(): Promise<void> {
    if (!this.#running) return;
    const subs = await this.#o.daily.store.listSubscriptions();
    // Stopped while reading: start no timers.
    if (!this.#running) return;
    const wanted = new Map<string, { time: string; timeZone: string }>();
    for (const s of subs) {
      if (!s.disabledAt && this.#o.platforms.has(s.platform)) {
        wanted.set(`${s.time} ${s.timeZone}`, { time: s.time, timeZone: s.timeZone });
      }
    }
    for (const [key, job] of this.#jobs) {
      if (!wanted.has(key)) {
        job.stop();
        this.#jobs.delete(key);
      }
    }
    for (const [key, { time, timeZone }] of wanted) {
      if (this.#jobs.has(key)) continue;
      this.#jobs.set(
        key,
        new Cron(cronPattern(time), { timezone: timeZone, unref: true, catch: this.#onError }, () => {
          void this.runNow().catch(settled);
        }),
      );
    }
  }

  /** When the pending retry timer fires, if one is set. */
  retryAt(): Date | null {
    return this.#retry?.nextRun() ?? null;
  }

  /** The timers in place: when each (time, zone) next fires. */
  timers(): Array<{ time: string; timeZone: string; next: Date | null }> {
    return [...this.#jobs].map(([key, job]) => {
      const [time = '', timeZone = ''] = key.split(' ');
      return { time, timeZone, next: job.nextRun() };
    });
  }

  async #planRetry(): Promise<void> {
    this.#retry?.stop();
    this.#retry = undefined;
    if (!this.#running) return;
    const now = this.#clock.now();
    const store = this.#o.daily.store;
    const [subs, ledger] = await Promise.all([store.listSubscriptions(), store.postsSince(ledgerFrom(now))]);
    const at = nextRetryAt(subs, ledger, now, this.#o.daily.dueOptions(this.#o.platforms, this.#o.serves));
    // Stopped while reading: set no timer.
    if (!at || !this.#running) return;
    // Timers run on the real clock; the wait is measured on the injected one.
    const when = new Date(Date.now() + Math.max(at.getTime() - now.getTime(), 1000));
    this.#retry = new Cron(when, { unref: true, catch: this.#onError }, () => {
      void this.runNow().catch(settled);
    });
  }

  /**
   * After each run: a success ends a failing streak; a failure is counted, logged with when it is
   * tried again, and retried on a timer, until the catch-up window since the streak began has closed.
   */
  #settle(ok: boolean, err?: unknown): void {
    clearTimeout(this.#backoff);
    this.#backoff = undefined;
    if (ok) {
      this.#failures = 0;
      this.#failingSince = undefined;
      return;
    }
    this.#o.metrics?.dailyRunsFailed.inc();
    const now = this.#clock.now().getTime();
    this.#failingSince ??= now;
    const pauses = this.#o.backoffMs ?? RUN_BACKOFF_MS;
    const delay = pauses[Math.min(this.#failures, pauses.length - 1)] ?? 300_000;
    this.#failures++;
    if (!this.#running) return;
    const failures = this.#failures;
    if (now + delay > this.#failingSince + windowMs(this.#o.daily.dueOptions())) {
      this.#o.log.error(
        { err, failures },
        'daily scheduler run failed; no more retries: the catch-up window has closed',
      );
      this.#failures = 0;
      this.#failingSince = undefined;
      return;
    }
    const retryAt = new Date(now + delay).toISOString();
    this.#o.log.warn({ err, failures, retryInMs: delay, retryAt }, 'daily scheduler run failed; retrying');
    // A plain timer: croner's one-off jobs are not meant for sub-second waits.
    this.#backoff = setTimeout(() => {
      this.#backoff = undefined;
      void this.runNow().catch(settled);
    }, delay);
    this.#backoff.unref();
  }

  /** Every day missed in the lookback; the ledger is read that far back for it. */
  async #missed(subs: Subscription[]) {
    const now = this.#clock.now();
    const from = new Date(now.getTime() - (MISSED_LOOKBACK_DAYS + 2) * 86_400_000).toISOString().slice(0, 10);
    const ledger = await this.#o.daily.store.postsSince(from);
    return missedPosts(subs, ledger, now, this.#o.daily.dueOptions(this.#o.platforms, this.#o.serves));
  }

  readonly #onError = (err: unknown) => {
    this.#o.log.error({ err }, 'daily scheduler run failed');
  };
}

/** A run's failure was already logged, counted and retried by #settle. */
const settled = () => undefined;
