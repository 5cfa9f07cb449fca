import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { RateLimiter } from '../../src/core/rate-limit.js';

describe('RateLimiter', () => {
  it('lets a user ask max times per window, then says when to try again', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const limiter = new RateLimiter(
      { user: { max: 3, windowMs: 10_000 }, channel: { max: 100, windowMs: 10_000 } },
      clock,
    );
    expect([1, 2, 3].map(() => limiter.check('u1', 'c').ok)).toEqual([true, true, true]);
    clock.advance(4_000);
    expect(limiter.check('u1', 'c')).toEqual({ ok: false, retryAfterMs: 6_000, scope: 'user' });
    expect(limiter.check('u2', 'c').ok).toBe(true); // others are not affected
    clock.advance(6_000);
    expect(limiter.check('u1', 'c').ok).toBe(true);
  });

  it('limits a busy channel across users', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const limiter = new RateLimiter(
      { user: { max: 5, windowMs: 1_000 }, channel: { max: 2, windowMs: 1_000 } },
      clock,
    );
    expect(limiter.check('a', 'c').ok).toBe(true);
    expect(limiter.check('b', 'c').ok).toBe(true);
    expect(limiter.check('d', 'c')).toMatchObject({ ok: false, scope: 'channel' });
    expect(limiter.check('d', 'other').ok).toBe(true);
  });

  it('forgets users and channels that stopped asking once their window has passed', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const limiter = new RateLimiter(
      { user: { max: 5, windowMs: 60_000 }, channel: { max: 1_000_000, windowMs: 60_000 } },
      clock,
    );
    for (let i = 0; i < 100_000; i++) limiter.check(`u${i}`, `c${i % 1_000}`);
    expect(limiter.size).toBe(101_000);
    clock.advance(60_001);
    expect(limiter.check('late', 'c-late').ok).toBe(true);
    expect(limiter.size).toBe(2);
  });

  it('never allows more than max in any window (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 200 }), (gaps) => {
        const clock = fixedClock('2026-01-01T00:00:00Z');
        const limiter = new RateLimiter(
          { user: { max: 4, windowMs: 5_000 }, channel: { max: 1_000, windowMs: 5_000 } },
          clock,
        );
        const allowed: number[] = [];
        for (const gap of gaps) {
          clock.advance(gap);
          const d = limiter.check('u', 'c');
          const now = clock.now().getTime();
          if (d.ok) allowed.push(now);
          else expect(d.retryAfterMs).toBeGreaterThan(0);
          expect(allowed.filter((t) => t > now - 5_000).length).toBeLessThanOrEqual(4);
        }
      }),
    );
  });
});
