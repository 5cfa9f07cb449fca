import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** `archivist_questions_total` outcomes: passages shown, nothing matched, or refused (empty, too long). */
export type QuestionOutcome = 'answered' | 'no_answer' | 'refused';

/**
 * `archivist_errors_total` kinds. `handler`: a command or the adapter failed; `delivery`: the platform
 * did not take a reply even after its library's retries; `platform_rate_limited`: the platform answered
 * 429 and the library waited before retrying (nothing lost); `unhandled`: a rejection nobody awaited.
 */
export type ErrorKind = 'handler' | 'delivery' | 'platform_rate_limited' | 'unhandled';

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event-loop lag) as `archivist_process_*` etc. */
  processMetrics?: boolean;
}

/**
 * The Prometheus metrics Archivist exposes on /metrics. One registry per instance (not prom-client's
 * global one), so tests can create their own and read them back.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly questions = new Counter({
    name: 'archivist_questions_total',
    help: 'Questions asked, by platform and outcome (answered, no_answer, refused)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'archivist_answer_seconds',
    help: 'Time from receiving a question to the platform accepting the answer',
    labelNames: ['platform'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'archivist_errors_total',
    help: 'Errors, by platform and kind (handler, delivery, platform_rate_limited, unhandled)',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'archivist_rate_limited_total',
    help: 'Requests refused by our own rate limit, by platform and scope (user, channel)',
    labelNames: ['platform', 'scope'] as const,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'archivist_in_flight',
    help: 'Events being handled right now (questions, buttons, commands)',
    registers: [this.registry],
  });
  readonly dailyPosts = new Counter({
    name: 'archivist_daily_posts_total',
    help: 'Daily "on this day" posts, by platform and outcome (sent, failed, missed: the bot was down past its window)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly dailyRunsFailed = new Counter({
    name: 'archivist_daily_runs_failed_total',
    help: 'Daily scheduler runs that hit a state store error (locked, full, unreachable); each is retried with backoff',
    registers: [this.registry],
  });
  /** Where the index gauges read their values at each scrape (see watchIndex). */
  #index: (() => { passages: number; articles: number }) | undefined;
  readonly indexSize = new Gauge({
    name: 'archivist_index_passages',
    help: 'Passages in the loaded index',
    registers: [this.registry],
    collect: () => {
      const size = this.#index?.();
      if (size) this.indexSize.set(size.passages);
    },
  });
  readonly articles = new Gauge({
    name: 'archivist_index_articles',
    help: 'Articles in the loaded index',
    registers: [this.registry],
    collect: () => {
      const size = this.#index?.();
      if (size) this.articles.set(size.articles);
    },
  });

  constructor(options: MetricsOptions = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'archivist_' });
  }

  /** Index gauges read at each scrape, so a live reindex shows without anyone updating them. */
  watchIndex(size: () => { passages: number; articles: number }): void {
    this.#index = size;
  }

  /** A counter's value for the given labels (0 when never incremented): for tests and the load script. */
  async count(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
    const { values } = await counter.get();
    return values
      .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
      .reduce((n, v) => n + v.value, 0);
  }
}
