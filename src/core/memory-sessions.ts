import { type AnswerSession, type AnswerSessionStore, MAX_SESSION_ID } from './sessions.js';

/**
 * Sessions kept in this process only: for the terminal when no state store can be opened. Bounded,
 * oldest dropped first, so a long session cannot grow without limit; lost on restart.
 */
export class MemorySessionStore implements AnswerSessionStore {
  readonly #max: number;
  readonly #map = new Map<string, AnswerSession>();

  constructor(max = 5000) {
    this.#max = max;
  }

  async saveSession(session: AnswerSession): Promise<void> {
    // Same rule as the SQLite store, so a bad id fails in tests that use memory too.
    if (!session.id || session.id.length > MAX_SESSION_ID) {
      throw new RangeError(`session id must be 1 to ${MAX_SESSION_ID} characters`);
    }
    // Delete first so a replaced session counts as the newest.
    this.#map.delete(session.id);
    this.#map.set(session.id, copy(session));
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value;
      if (oldest === undefined) break;
      this.#map.delete(oldest);
    }
  }

  async getSession(id: string, now: Date): Promise<AnswerSession | undefined> {
    const s = this.#map.get(id);
    return s && s.expiresAt.getTime() > now.getTime() ? copy(s) : undefined;
  }

  async pruneSessions(now: Date): Promise<number> {
    let n = 0;
    for (const [id, s] of this.#map) {
      if (s.expiresAt.getTime() <= now.getTime() && this.#map.delete(id)) n++;
    }
    return n;
  }

  get size(): number {
    return this.#map.size;
  }
}

/** Copies, so a caller mutating what it saved or got cannot change the stored session (as with SQL). */
function copy(s: AnswerSession): AnswerSession {
  return {
    ...s,
    passageIds: [...s.passageIds],
    owner: { ...s.owner },
    ...(s.options ? { options: structuredClone(s.options) } : {}),
    createdAt: new Date(s.createdAt),
    expiresAt: new Date(s.expiresAt),
  };
}
