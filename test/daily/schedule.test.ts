import { describe, expect, it } from 'vitest';
import { type DueOptions, nextPostAt, nextRetryAt, planDue } from '../../src/core/daily/schedule.js';
import type { PostEntry, Subscription } from '../../src/core/state.js';

const opts: DueOptions = { catchupMs: 6 * 3_600_000, retryDelayMs: 15 * 60_000 };

function sub(
  channelId: string,
  time: string,
  timeZone: string,
  extra: Partial<Subscription> = {},
): Subscription {
  return {
    platform: 'discord',
    channelId,
    time,
    timeZone,
    source: 'command',
    createdAt: new Date('2020-01-01T00:00:00Z'),
    activeSince: new Date('2020-01-01T00:00:00Z'),
    failures: 0,
    ...extra,
  };
}

function row(
  s: Subscription,
  localDate: string,
  status: PostEntry['status'],
  claimedAt: string,
  attempts = 1,
): PostEntry {
  return {
    platform: s.platform,
    channelId: s.channelId,
    localDate,
    status,
    attempts,
    claimedAt: new Date(claimedAt),
  };
}

/**
 * Steps a clock through [from, to) minute by minute, "posting" whatever planDue says is due and
 * writing the ledger row as delivery would. Returns every post as [channel, localDate, instant].
 */
function simulate(
  subs: Subscription[],
  from: string,
  to: string,
  options = opts,
): Array<[string, string, string]> {
  const ledger: PostEntry[] = [];
  const posts: Array<[string, string, string]> = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += 60_000) {
    for (const d of planDue(subs, ledger, new Date(t), options).due) {
      ledger.push(row(d.subscription, d.localDate, 'sent', new Date(t).toISOString()));
      posts.push([d.subscription.channelId, d.localDate, new Date(t).toISOString()]);
    }
  }
  return posts;
}

describe('what is due at an instant', () => {
  it('fires each zone at its own local time, once per local day', () => {
    const subs = [
      sub('london', '09:00', 'Europe/London'),
      sub('seoul', '09:00', 'Asia/Seoul'),
      sub('kolkata', '07:30', 'Asia/Kolkata'),
      sub('la', '18:00', 'America/Los_Angeles'),
    ];
    const posts = simulate(subs, '2026-06-01T00:00:00Z', '2026-06-03T00:00:00Z');
    expect(posts).toEqual([
      ['seoul', '2026-06-01', '2026-06-01T00:00:00.000Z'],
      // Los Angeles is still on 31 May when it is 1 June in UTC: the day is the subscriber's.
      ['la', '2026-05-31', '2026-06-01T01:00:00.000Z'],
      ['kolkata', '2026-06-01', '2026-06-01T02:00:00.000Z'],
      ['london', '2026-06-01', '2026-06-01T08:00:00.000Z'],
      ['seoul', '2026-06-02', '2026-06-02T00:00:00.000Z'],
      ['la', '2026-06-01', '2026-06-02T01:00:00.000Z'],
      ['kolkata', '2026-06-02', '2026-06-02T02:00:00.000Z'],
      ['london', '2026-06-02', '2026-06-02T08:00:00.000Z'],
    ]);
  });

  it('crosses spring-forward and fall-back without skipping or repeating a day', () => {
    const ny = [sub('gap', '02:30', 'America/New_York'), sub('overlap', '01:30', 'America/New_York')];
    const spring = simulate(ny, '2026-03-07T00:00:00Z', '2026-03-10T12:00:00Z');
    expect(spring.filter((p) => p[0] === 'gap')).toEqual([
      ['gap', '2026-03-07', '2026-03-07T07:30:00.000Z'],
      // 02:30 does not exist on 8 March: the post goes when the clock jumps to 03:00 EDT.
      ['gap', '2026-03-08', '2026-03-08T07:00:00.000Z'],
      ['gap', '2026-03-09', '2026-03-09T06:30:00.000Z'],
      ['gap', '2026-03-10', '2026-03-10T06:30:00.000Z'],
    ]);
    const fall = simulate(ny, '2026-10-31T00:00:00Z', '2026-11-03T12:00:00Z');
    expect(fall.filter((p) => p[0] === 'overlap')).toEqual([
      ['overlap', '2026-10-31', '2026-10-31T05:30:00.000Z'],
      // 01:30 happens twice on 1 November: one post, at the first.
      ['overlap', '2026-11-01', '2026-11-01T05:30:00.000Z'],
      ['overlap', '2026-11-02', '2026-11-02T06:30:00.000Z'],
      ['overlap', '2026-11-03', '2026-11-03T06:30:00.000Z'],
    ]);
    // Europe/London in the same week as its own change: exactly one post per local day.
    const london = simulate(
      [sub('l', '01:30', 'Europe/London')],
      '2026-03-27T00:00:00Z',
      '2026-03-31T00:00:00Z',
    );
    expect(london.map((p) => p[1])).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('catches up after downtime on the same local day, within the window only', () => {
    const s = sub('c', '09:00', 'Europe/Paris'); // 07:00Z in summer
    const due = (iso: string, ledger: PostEntry[] = [], o = opts) => planDue([s], ledger, new Date(iso), o);
    expect(due('2026-06-10T06:59:00Z').due).toEqual([]);
    expect(due('2026-06-10T10:00:00Z').due.map((d) => d.localDate)).toEqual(['2026-06-10']);
    const late = due('2026-06-10T13:01:00Z');
    expect(late.due).toEqual([]);
    expect(late.missed.map((d) => d.localDate)).toEqual(['2026-06-10']);
    // Catch-up off: only the on-time minute counts.
    const off = { ...opts, catchupMs: 0 };
    expect(due('2026-06-10T07:00:30Z', [], off).due).toHaveLength(1);
    expect(due('2026-06-10T07:05:00Z', [], off).due).toHaveLength(0);
    // Already posted today: nothing, whatever the hour.
    expect(due('2026-06-10T10:00:00Z', [row(s, '2026-06-10', 'sent', '2026-06-10T07:00:00Z')]).due).toEqual(
      [],
    );
  });

  it('does not fire the day a subscription starts after its time, nor for disabled or absent platforms', () => {
    const late = sub('c', '09:00', 'UTC', { activeSince: new Date('2026-06-10T10:00:00Z') });
    expect(planDue([late], [], new Date('2026-06-10T10:30:00Z'), opts).due).toEqual([]);
    expect(planDue([late], [], new Date('2026-06-11T09:00:00Z'), opts).due).toHaveLength(1);
    const off = sub('d', '09:00', 'UTC', { disabledAt: new Date('2026-06-01T00:00:00Z') });
    expect(planDue([off], [], new Date('2026-06-11T09:00:00Z'), opts).due).toEqual([]);
    const slack = { ...sub('s', '09:00', 'UTC'), platform: 'slack' as const };
    const only = { ...opts, platforms: new Set(['discord' as const]) };
    expect(planDue([slack], [], new Date('2026-06-11T09:00:00Z'), only).due).toEqual([]);
  });

  it('retries a failed post after the delay; reconciles a post left mid-send once its lease is out', () => {
    const s = sub('c', '09:00', 'UTC');
    const failed = [row(s, '2026-06-10', 'failed', '2026-06-10T09:00:00Z')];
    expect(planDue([s], failed, new Date('2026-06-10T09:10:00Z'), opts).due).toEqual([]);
    const retry = planDue([s], failed, new Date('2026-06-10T09:15:00Z'), opts).due;
    expect(retry[0]?.retryOf?.attempts).toBe(1);
    expect(nextRetryAt([s], failed, new Date('2026-06-10T09:01:00Z'), opts)?.toISOString()).toBe(
      '2026-06-10T09:15:00.000Z',
    );
    // After the window closes there is nothing left to retry.
    expect(nextRetryAt([s], failed, new Date('2026-06-10T15:01:00Z'), opts)).toBeUndefined();
    const sending = [row(s, '2026-06-10', 'sending', '2026-06-10T09:00:00Z')];
    const lease = { ...opts, leaseMs: 120_000 };
    // Within the lease its sender may be alive: nothing to do, but a timer for when the lease is out.
    expect(planDue([s], sending, new Date('2026-06-10T09:01:59Z'), lease).due).toEqual([]);
    expect(nextRetryAt([s], sending, new Date('2026-06-10T09:01:00Z'), lease)?.toISOString()).toBe(
      '2026-06-10T09:02:00.000Z',
    );
    const plan = planDue([s], sending, new Date('2026-06-10T09:02:00Z'), lease);
    expect(plan.due.map((d) => d.reconcile?.attempts)).toEqual([1]);
    expect(plan.unconfirmed).toEqual([]);
    // Past the window it is only reported, never sent.
    const late = planDue([s], sending, new Date('2026-06-10T15:01:00Z'), lease);
    expect(late.due).toEqual([]);
    expect(late.unconfirmed.map((r) => r.localDate)).toEqual(['2026-06-10']);
  });

  it('names the next post, skipping a day already posted', () => {
    const s = sub('c', '09:00', 'Asia/Seoul');
    const at = new Date('2026-06-10T01:00:00Z'); // 10:00 in Seoul
    expect(nextPostAt(s, [], at)).toEqual({ localDate: '2026-06-11', at: new Date('2026-06-11T00:00:00Z') });
    const early = new Date('2026-06-09T23:00:00Z'); // 08:00 in Seoul on the 10th
    expect(nextPostAt(s, [], early)?.localDate).toBe('2026-06-10');
    const posted = [row(s, '2026-06-10', 'sent', '2026-06-09T22:00:00Z')];
    expect(nextPostAt(s, posted, early)?.localDate).toBe('2026-06-11');
    expect(nextPostAt({ ...s, disabledAt: at }, [], at)).toBeUndefined();
  });
});

describe('channels another process serves (Discord shards on other hosts)', () => {
  it('plans only the channels this process serves, and plans them as usual', () => {
    const mine = sub('111', '09:00', 'UTC');
    const theirs = sub('222', '09:00', 'UTC');
    const now = new Date('2026-05-01T09:00:30Z');
    const serves = (ref: { channelId: string }) => ref.channelId === '111';
    const { due } = planDue([mine, theirs], [], now, { ...opts, serves });
    expect(due.map((d) => d.subscription.channelId)).toEqual(['111']);
    expect(
      planDue([mine, theirs], [], now, opts)
        .due.map((d) => d.subscription.channelId)
        .sort(),
    ).toEqual(['111', '222']);
  });
});
