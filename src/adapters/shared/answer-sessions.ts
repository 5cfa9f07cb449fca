import { randomBytes } from 'node:crypto';

/**
 * Remembers the question behind an answer so its buttons (More results, Share, 👍/👎) can carry a short
 * id instead of the question: Discord custom_id and Slack values are short, questions are not.
 * Bounded (oldest dropped first); after a restart old buttons answer "ask again" rather than guess.
 */
export interface AnswerSession {
  question: string;
  /** Passage ids of the page shown, for feedback. */
  passageIds: string[];
}

export class AnswerSessions {
  readonly #max: number;
  readonly #map = new Map<string, AnswerSession>();

  constructor(max = 5000) {
    this.#max = max;
  }

  /** Stores the session and returns its id (10 url-safe characters). */
  add(session: AnswerSession): string {
    const id = randomBytes(8).toString('base64url').slice(0, 10);
    this.#map.set(id, session);
    if (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
    return id;
  }

  get(id: string): AnswerSession | undefined {
    return this.#map.get(id);
  }

  get size(): number {
    return this.#map.size;
  }
}
