import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics Archivist exposes on /metrics. One registry per process (not prom-client's
 * global one), so tests can create their own and read them back.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly questions = new Counter({
    name: 'archivist_questions_total',
    help: 'Questions answered, by platform and outcome (answered, no_answer, refused)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'archivist_answer_seconds',
    help: 'Time from receiving a question to handing the answer to the platform',
    labelNames: ['platform'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'archivist_errors_total',
    help: 'Errors, by platform and kind (handler, delivery, rate_limited_by_platform)',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });
  readonly dailyPosts = new Counter({
    name: 'archivist_daily_posts_total',
    help: 'Daily "on this day" posts, by platform and outcome (sent, failed, skipped)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly indexSize = new Gauge({
    name: 'archivist_index_passages',
    help: 'Passages in the loaded index',
    registers: [this.registry],
  });
  readonly articles = new Gauge({
    name: 'archivist_index_articles',
    help: 'Articles in the loaded index',
    registers: [this.registry],
  });
}
