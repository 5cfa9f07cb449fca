import type { Counter, MetricValue } from 'prom-client';
import { beforeEach } from 'vitest';
import type { Metrics } from '../../src/observability/metrics.js';

type Labels = Record<string, string>;

const sum = (values: readonly MetricValue<string>[], labels: Labels) =>
  values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .reduce((n, v) => n + v.value, 0);

/**
 * Like `metrics.count`, but counting only what happened since the current test began: tests sharing
 * one Metrics (one harness per describe) then pass in any order. Call in a describe body.
 */
export function countsPerTest(
  metrics: Metrics,
): (counter: Counter<string>, labels: Labels) => Promise<number> {
  let before = new Map<string, MetricValue<string>[]>();
  beforeEach(async () => {
    // Copies: prom-client hands out its live value objects, which later increments would change.
    before = new Map(
      (await metrics.registry.getMetricsAsJSON()).map((m) => [m.name, m.values.map((v) => ({ ...v }))]),
    );
  });
  return async (counter, labels) => {
    const { name } = await counter.get();
    return (await metrics.count(counter, labels)) - sum(before.get(name) ?? [], labels);
  };
}
