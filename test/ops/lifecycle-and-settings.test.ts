import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { parseRateLimit } from '../../src/core/rate-limit.js';
import { InFlight } from '../../src/lifecycle/inflight.js';
import { Metrics } from '../../src/observability/metrics.js';
import { countDailyPosts } from '../../src/observability/ops.js';

describe('InFlight', () => {
  it('waits for what is in flight, refuses new work once closed, and gives up at the timeout', async () => {
    const counts: number[] = [];
    const inflight = new InFlight((n) => counts.push(n));
    const a = inflight.begin();
    const b = inflight.begin();
    expect(inflight.count).toBe(2);
    inflight.close();
    expect(inflight.begin()).toBeUndefined();
    expect(inflight.accepting).toBe(false);
    const settled = inflight.settled(60_000);
    a?.();
    a?.(); // ending twice counts once
    b?.();
    expect(await settled).toBe(true);
    expect(counts).toEqual([1, 2, 1, 0]);

    const stuck = new InFlight();
    stuck.begin();
    expect(await stuck.settled(1)).toBe(false);
  });
});

describe('rate limit settings', () => {
  it('reads COUNT/WINDOW in several units, and off', () => {
    expect(parseRateLimit('5/30s')).toEqual({ max: 5, windowMs: 30_000 });
    expect(parseRateLimit('30 / 1m')).toEqual({ max: 30, windowMs: 60_000 });
    expect(parseRateLimit('100/1h')).toEqual({ max: 100, windowMs: 3_600_000 });
    expect(parseRateLimit('3/500ms')).toEqual({ max: 3, windowMs: 500 });
    expect(parseRateLimit('2/10')).toEqual({ max: 2, windowMs: 10_000 });
    expect(parseRateLimit('off')).toBeUndefined();
    for (const bad of ['5', '0/10s', 'five/10s', '5/0s', '5/10y'])
      expect(() => parseRateLimit(bad)).toThrow(/COUNT\/WINDOW/);
  });

  it('come from config with defaults, and a bad one is named with the form to use', () => {
    const c = loadConfig({ env: {}, dotenvDir: false });
    expect(c.ops).toEqual({
      httpHost: '127.0.0.1',
      rateLimits: { user: { max: 5, windowMs: 30_000 }, channel: { max: 30, windowMs: 60_000 } },
      shutdownTimeoutMs: 10_000,
    });
    const custom = loadConfig({
      env: { HTTP_PORT: '9464', RATE_LIMIT_USER: 'off', RATE_LIMIT_CHANNEL: '10/1m' },
      dotenvDir: false,
    });
    expect(custom.ops.httpPort).toBe(9464);
    expect(custom.ops.rateLimits).toEqual({ channel: { max: 10, windowMs: 60_000 } });
    const problem = (() => {
      try {
        loadConfig({ env: { RATE_LIMIT_USER: 'lots', HTTP_PORT: 'x' }, dotenvDir: false });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(problem).toContain('RATE_LIMIT_USER must be COUNT/WINDOW, e.g. 5/30s or 30/1m, or "off"');
    expect(problem).toContain('HTTP_PORT must be a port number');
  });
});

describe('daily post metrics', () => {
  it('counts sent and failed posts per platform, passing the failure on', async () => {
    const metrics = new Metrics();
    let fail = false;
    const poster = countDailyPosts(async () => {
      if (fail) throw new Error('Missing Access');
    }, metrics);
    const result = { date: '2026-05-01', items: [] };
    await poster({ platform: 'discord', channelId: '1' }, result);
    fail = true;
    await expect(poster({ platform: 'slack', channelId: 'C1' }, result)).rejects.toThrow('Missing Access');
    expect(await metrics.count(metrics.dailyPosts, { platform: 'discord', outcome: 'sent' })).toBe(1);
    expect(await metrics.count(metrics.dailyPosts, { platform: 'slack', outcome: 'failed' })).toBe(1);
  });
});
