import type { Counter, MetricValue } from 'prom-client';
import { beforeEach, expect } from 'vitest';
import type { Metrics } from '../../src/observability/metrics.js';

type Labels = Record<string, string>;

const sum = (values: readonly MetricValue<string>[], labels: Labels) =>
  values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .reduce((n, v) => n + v.value, 0);

/**
 * Like `metrics.count`, but counting only what happened since the current test began, so tests that
 * share one Metrics (one harness per describe) pass in any order. With the bot's `inflight`, each test
 * first waits for the events earlier tests left running, whose counts would otherwise land in it.
 * Call in a describe body.
 */
export function countsPerTest(
  metrics: Metrics,
  inflight?: { settled(timeoutMs: number): Promise<boolean> },
): (counter: Counter<string>, labels: Labels) => Promise<number> {
  let before = new Map<string, MetricValue<string>[]>();
  beforeEach(async () => {
    if (inflight) expect(await inflight.settled(10_000), 'events left running by an earlier test').toBe(true);
    // Copies: prom-client hands out its live value objects, which later increments change.
    const now = await metrics.registry.getMetricsAsJSON();
    before = new Map(now.map((m) => [m.name, m.values.map((v) => ({ ...v }))]));
  });
  return async (counter, labels) => {
    const { name } = await counter.get();
    return (await metrics.count(counter, labels)) - sum(before.get(name) ?? [], labels);
  };
}
