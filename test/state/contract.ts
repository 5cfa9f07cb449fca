import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_TTL_MS, type StateStore } from '../../src/core/state.js';
import { sessionContract } from './session-contract.js';

type Totals = Array<{ answerId: string; up: number; down: number }>;
/** A store as the suite opens it: the port, plus vote totals to check feedback by. */
export type ContractStore = StateStore & { feedbackTotals(): Totals | Promise<Totals> };

/** A fresh, empty place (file, schema): each `open()` is another handle on it, as another process has. */
export interface StorePlace {
  open(): Promise<ContractStore>;
  cleanup(): Promise<void>;
}

const ref = { platform: 'discord' as const, channelId: '123456789012345678' };
const t = (iso: string) => new Date(iso);

/** The behaviour every StateStore must have, run against each implementation. */
export function describeStateStore(name: string, place: () => Promise<StorePlace>): void {
  describe(`state store contract (${name})`, () => {
    const opened: StateStore[] = [];
    let current: StorePlace | undefined;
    const open = async () => {
      const s = await (current as StorePlace).open();
      opened.push(s);
      return s;
    };
    beforeEach(async () => {
      current = await place();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await current?.cleanup();
      current = undefined;
    });

    it('lets exactly one claimant have a (channel, local date), across two handles', async () => {
      const [a, b] = [await open(), await open()];
      expect(await a.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:00Z'))).toBe(true);
      expect(await b.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:01Z'))).toBe(false);
      expect(await b.getPost(ref, '2026-06-10')).toMatchObject({ status: 'sending', attempts: 1 });
      // A sending row cannot be "retried" either: only a failed one, by whoever saw that exact attempt.
      expect(await b.claimPost(ref, '2026-06-10', t('2026-06-10T09:30:00Z'), 1)).toBe(false);
      const failed = { status: 'failed' as const, error: 'Missing Access' };
      await a.finishPost(ref, '2026-06-10', failed, t('2026-06-10T09:00:02Z'));
      expect(await a.getPost(ref, '2026-06-10')).toMatchObject({ status: 'failed', error: 'Missing Access' });
      // Two retries racing for the same failed attempt: one wins.
      const retries = await Promise.all([
        b.claimPost(ref, '2026-06-10', t('2026-06-10T09:15:00Z'), 1),
        a.claimPost(ref, '2026-06-10', t('2026-06-10T09:15:00Z'), 1),
      ]);
      expect(retries.filter(Boolean)).toHaveLength(1);
      expect(await a.getPost(ref, '2026-06-10')).toMatchObject({ status: 'sending', attempts: 2 });
      expect((await a.getPost(ref, '2026-06-10'))?.error).toBeUndefined();
      await b.finishPost(ref, '2026-06-10', { status: 'sent', items: 2 }, t('2026-06-10T09:15:01Z'));
      expect(await a.getPost(ref, '2026-06-10')).toEqual({
        ...ref,
        localDate: '2026-06-10',
        status: 'sent',
        attempts: 2,
        items: 2,
        claimedAt: t('2026-06-10T09:15:00Z'),
        finishedAt: t('2026-06-10T09:15:01Z'),
      });
      expect((await a.lastPost(ref))?.localDate).toBe('2026-06-10');
      expect(await a.postsSince('2026-06-11')).toEqual([]);
      expect(await a.getPost(ref, '2026-06-11')).toBeUndefined();
    });

    it('lets exactly one of several handles reclaim a sending row a crash left, and only as read', async () => {
      const [a, b, c] = [await open(), await open(), await open()];
      await a.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:00Z'));
      const left = (await b.getPost(ref, '2026-06-10')) as NonNullable<
        Awaited<ReturnType<StateStore['getPost']>>
      >;
      const at = t('2026-06-10T09:05:00Z');
      const wins = await Promise.all([a, b, c].map((s) => s.reclaimPost(ref, '2026-06-10', left, at)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await c.getPost(ref, '2026-06-10')).toMatchObject({
        status: 'sending',
        attempts: 2,
        claimedAt: at,
      });
      // The row moved on: the same stale read cannot take it again, nor can a wrong claim time.
      expect(await c.reclaimPost(ref, '2026-06-10', left, t('2026-06-10T09:06:00Z'))).toBe(false);
      const stale = { attempts: 2, claimedAt: t('2026-06-10T09:04:59Z') };
      expect(await c.reclaimPost(ref, '2026-06-10', stale, t('2026-06-10T09:06:00Z'))).toBe(false);
      // Neither a finished row nor a missing one can be reclaimed.
      await b.finishPost(ref, '2026-06-10', { status: 'sent', items: 1 }, t('2026-06-10T09:05:01Z'));
      const sent = { attempts: 2, claimedAt: at };
      expect(await a.reclaimPost(ref, '2026-06-10', sent, t('2026-06-10T09:10:00Z'))).toBe(false);
      expect(await a.reclaimPost(ref, '2026-06-11', sent, t('2026-06-11T09:10:00Z'))).toBe(false);
      expect(await a.getPost(ref, '2026-06-10')).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('gives exactly one of two handles racing for each first claim', async () => {
      const [a, b] = [await open(), await open()];
      const days = Array.from({ length: 10 }, (_, i) => `2026-07-${String(i + 1).padStart(2, '0')}`);
      const wins = await Promise.all(
        days.map(async (d) => {
          const got = await Promise.all([
            a.claimPost(ref, d, t(`${d}T09:00:00Z`)),
            b.claimPost(ref, d, t(`${d}T09:00:00Z`)),
          ]);
          return got.filter(Boolean).length;
        }),
      );
      expect(wins).toEqual(days.map(() => 1));
      expect((await a.postsSince('2026-07-01')).map((p) => p.localDate)).toEqual(days);
      expect((await b.lastPost(ref))?.localDate).toBe('2026-07-10');
    });

    it('counts failures in a row, disables at the limit, and a success or a new subscribe resets', async () => {
      const s = await open();
      await s.saveSubscription(
        { ...ref, time: '09:00', timeZone: 'UTC', source: 'command' },
        t('2026-06-01T00:00:00Z'),
      );
      expect(await s.recordFailure(ref, 'Missing Access', t('2026-06-10T09:00:00Z'), 3)).toMatchObject({
        failures: 1,
      });
      await s.claimPost(ref, '2026-06-10', t('2026-06-10T09:15:00Z'));
      await s.finishPost(ref, '2026-06-10', { status: 'sent', items: 1 }, t('2026-06-10T09:15:00Z'));
      expect((await s.getSubscription(ref))?.failures).toBe(0);
      expect((await s.getSubscription(ref))?.lastError).toBeUndefined();
      for (let i = 0; i < 2; i++) await s.recordFailure(ref, 'Unknown Channel', t('2026-06-11T09:00:00Z'), 3);
      expect((await s.getSubscription(ref))?.disabledAt).toBeUndefined();
      const third = await s.recordFailure(ref, 'Unknown Channel', t('2026-06-11T09:30:00Z'), 3);
      expect(third).toMatchObject({
        failures: 3,
        lastError: 'Unknown Channel',
        disabledAt: t('2026-06-11T09:30:00Z'),
      });
      // A fourth failure keeps the first disabling time.
      const fourth = await s.recordFailure(ref, 'Unknown Channel', t('2026-06-11T10:00:00Z'), 3);
      expect(fourth).toMatchObject({ failures: 4, disabledAt: t('2026-06-11T09:30:00Z') });
      const again = await s.saveSubscription(
        { ...ref, time: '09:00', timeZone: 'UTC', source: 'command' },
        t('2026-06-12T00:00:00Z'),
      );
      expect(again.subscription).toMatchObject({ failures: 0, activeSince: t('2026-06-12T00:00:00Z') });
      expect(again.subscription.disabledAt).toBeUndefined();
      expect(again.previous?.disabledAt).toEqual(t('2026-06-11T09:30:00Z'));
      expect(
        await s.recordFailure({ ...ref, channelId: 'gone' }, 'x', t('2026-06-12T00:00:00Z'), 3),
      ).toBeUndefined();
    });

    it('moves activeSince only when the schedule changes, and returns what a save replaced', async () => {
      const s = await open();
      const input = { ...ref, time: '09:00', timeZone: 'UTC', source: 'config' as const, createdBy: 'u1' };
      const first = await s.saveSubscription(input, t('2026-06-01T00:00:00Z'));
      expect(first.previous).toBeUndefined();
      expect(first.subscription).toEqual({
        ...input,
        createdAt: t('2026-06-01T00:00:00Z'),
        activeSince: t('2026-06-01T00:00:00Z'),
        failures: 0,
      });
      const same = await s.saveSubscription(input, t('2026-06-05T00:00:00Z'));
      expect(same.subscription.activeSince).toEqual(t('2026-06-01T00:00:00Z'));
      expect(same.previous).toEqual(first.subscription);
      const byCommand = await s.saveSubscription({ ...input, source: 'command' }, t('2026-06-06T00:00:00Z'));
      expect(byCommand.subscription).toMatchObject({
        source: 'command',
        activeSince: t('2026-06-01T00:00:00Z'),
      });
      const moved = await s.saveSubscription(
        { ...input, source: 'command', time: '10:00' },
        t('2026-06-07T00:00:00Z'),
      );
      expect(moved.subscription.activeSince).toEqual(t('2026-06-07T00:00:00Z'));
      expect(moved.subscription.createdAt).toEqual(t('2026-06-01T00:00:00Z'));
      expect(moved.previous?.time).toBe('09:00');
      expect((await s.removeSubscription(ref))?.time).toBe('10:00');
      expect(await s.removeSubscription(ref)).toBeUndefined();
      expect(await s.listSubscriptions()).toEqual([]);
    });

    it('never lets a config save or removal replace a manager’s subscription', async () => {
      const s = await open();
      const mine = { ...ref, time: '07:00', timeZone: 'Asia/Seoul', source: 'command' as const };
      await s.saveSubscription(mine, t('2026-06-01T00:00:00Z'));
      const sync = await s.saveSubscription(
        { ...ref, time: '09:00', timeZone: 'UTC', source: 'config' },
        t('2026-06-02T00:00:00Z'),
      );
      expect(sync.subscription).toMatchObject({ time: '07:00', source: 'command' });
      expect(await s.removeSubscription(ref, 'config')).toBeUndefined();
      expect((await s.removeSubscription(ref, 'command'))?.time).toBe('07:00');
    });

    it('tells two handles saving a new channel at once which one replaced the other', async () => {
      const [a, b] = [await open(), await open()];
      const input = { ...ref, time: '09:00', timeZone: 'UTC', source: 'command' as const };
      const saved = await Promise.all([
        a.saveSubscription(input, t('2026-06-01T00:00:00Z')),
        b.saveSubscription({ ...input, time: '10:00' }, t('2026-06-01T00:00:01Z')),
      ]);
      expect(saved.filter((s) => s.previous === undefined)).toHaveLength(1);
      const last = saved.find((s) => s.previous) ?? saved[0];
      expect(await a.getSubscription(ref)).toEqual(last?.subscription);
    });

    it('lists subscriptions in byte order of platform and channel id', async () => {
      const s = await open();
      for (const [platform, channelId] of [
        ['slack', 'b'],
        ['slack', 'B'],
        ['discord', '9'],
        ['slack', 'a'],
      ] as const) {
        await s.saveSubscription(
          { platform, channelId, time: '09:00', timeZone: 'UTC', source: 'config' },
          t('2026-06-01T00:00:00Z'),
        );
      }
      const order = (await s.listSubscriptions()).map((x) => `${x.platform}:${x.channelId}`);
      expect(order).toEqual(['discord:9', 'slack:B', 'slack:a', 'slack:b']);
    });

    it('keeps one vote per user per answer: a second click replaces the first', async () => {
      const s = await open();
      const vote = {
        answerId: 'a1',
        platform: 'slack' as const,
        channelId: 'C0GENERAL',
        userId: 'U1',
        question: 'What phones did Xi give Lee?',
        passageIds: ['xi-espionage-joke-explainer#3'],
        vote: 'up' as const,
        at: t('2026-06-10T09:00:00Z'),
      };
      await s.recordFeedback(vote);
      await s.recordFeedback({ ...vote, vote: 'down', at: t('2026-06-10T09:01:00Z') });
      await s.recordFeedback({ ...vote, userId: 'U2' });
      await s.recordFeedback({ ...vote, answerId: 'B0', passageIds: [] });
      expect(await s.feedbackTotals()).toEqual([
        { answerId: 'B0', up: 1, down: 0 },
        { answerId: 'a1', up: 1, down: 1 },
      ]);
    });

    it('says an event id is a first delivery once, on any handle, until it expires', async () => {
      const [a, b] = [await open(), await open()];
      const t0 = t('2026-06-10T09:00:00Z');
      const later = (ms: number) => new Date(t0.getTime() + ms);
      expect(await a.firstDelivery('Ev01', t0)).toBe(true);
      expect(await b.firstDelivery('Ev01', later(60_000))).toBe(false);
      expect(await a.firstDelivery('Ev01', later(EVENT_TTL_MS - 1))).toBe(false);
      expect(await b.firstDelivery('Ev02', later(1))).toBe(true);
      // Past the TTL an id counts as new again, whether or not its row was pruned yet.
      expect(await b.firstDelivery('Ev01', later(EVENT_TTL_MS))).toBe(true);
      expect(await a.firstDelivery('Ev01', later(EVENT_TTL_MS + 1))).toBe(false);
      const raced = await Promise.all(
        Array.from({ length: 10 }, (_, i) => [a, b].map((s) => s.firstDelivery(`Ev1${i}`, later(5)))).flat(),
      );
      expect(raced.filter(Boolean)).toHaveLength(10);
    });

    it('keeps everything across closing and reopening', async () => {
      const a = await open();
      await a.saveSubscription(
        { ...ref, time: '09:00', timeZone: 'UTC', source: 'command' },
        t('2026-06-01T00:00:00Z'),
      );
      await a.claimPost(ref, '2026-06-10', t('2026-06-10T09:00:00Z'));
      await a.close();
      await a.close(); // closing twice is harmless (shutdown paths may overlap)
      const b = await open();
      expect((await b.getSubscription(ref))?.time).toBe('09:00');
      expect((await b.getPost(ref, '2026-06-10'))?.status).toBe('sending');
    });

    sessionContract(open);
  });
}
