import { expect, it } from 'vitest';
import {
  type AnswerSession,
  type AnswerSessionStore,
  newSessionId,
  SESSION_TTL_MS,
} from '../../src/core/sessions.js';

export const T0 = new Date('2026-06-10T09:00:00Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

export function session(over: Partial<AnswerSession> = {}): AnswerSession {
  return {
    id: newSessionId(),
    question: 'What phones did Xi give Lee?',
    passageIds: ['xi-espionage-joke-explainer#3', 'xi-espionage-joke-explainer#1'],
    offset: 0,
    owner: { platform: 'discord', userId: '111' },
    createdAt: T0,
    expiresAt: at(SESSION_TTL_MS),
    ...over,
  };
}

/** What every AnswerSessionStore does (the state stores and the in-memory one); call inside a describe. */
export function sessionContract(make: () => Promise<AnswerSessionStore>): void {
  it('gives back a saved session, until it expires', async () => {
    const s = await make();
    const saved = session({ offset: 5, options: { source: 'Coastal Courier', years: [2019, 2020] } });
    await s.saveSession(saved);
    expect(await s.getSession(saved.id, at(1000))).toEqual(saved);
    expect(await s.getSession(saved.id, at(SESSION_TTL_MS - 1))).toEqual(saved);
    expect(await s.getSession(saved.id, at(SESSION_TTL_MS))).toBeUndefined();
    expect(await s.getSession('nope', at(1000))).toBeUndefined();
  });

  it('replaces a session saved again under the same id, and is not changed by the caller’s copy', async () => {
    const s = await make();
    const first = session();
    await s.saveSession(first);
    await s.saveSession({ ...first, offset: 3, passageIds: ['b#1'] });
    first.passageIds.push('mutated#9');
    const got = await s.getSession(first.id, at(1));
    expect(got).toMatchObject({ offset: 3, passageIds: ['b#1'] });
    expect(got?.options).toBeUndefined();
    got?.passageIds.push('mutated#9');
    expect((await s.getSession(first.id, at(1)))?.passageIds).toEqual(['b#1']);
  });

  it('prunes only expired sessions and says how many', async () => {
    const s = await make();
    const short = session({ expiresAt: at(60_000) });
    const long = session();
    await s.saveSession(short);
    await s.saveSession(long);
    expect(await s.pruneSessions(at(30_000))).toBe(0);
    expect(await s.pruneSessions(at(60_000))).toBe(1);
    expect(await s.pruneSessions(at(60_000))).toBe(0);
    expect(await s.getSession(long.id, at(60_000))).toEqual(long);
  });

  it('refuses session ids longer than a button can carry, or empty', async () => {
    const s = await make();
    await expect(s.saveSession(session({ id: 'x'.repeat(17) }))).rejects.toThrow(RangeError);
    await expect(s.saveSession(session({ id: '' }))).rejects.toThrow(RangeError);
  });
}
