import { randomBytes } from 'node:crypto';
import type { Platform } from './command.js';

/**
 * An answer's buttons (More results, Share, 👍/👎) carry a short id, not the question: Discord
 * custom_id and Slack values are short. The session behind the id lives in the state store, so the
 * buttons keep working after a restart and on any replica.
 */
export interface AnswerSession {
  /** Short url-safe id (<= 16 chars) carried by buttons. */
  id: string;
  question: string;
  /** The passages of the page shown, best first. */
  passageIds: string[];
  /** Offset of that page. */
  offset: number;
  /** Only the asker may act in their name; others get their own private page. */
  owner: { platform: Platform; userId: string };
  /** Free-form (search filters etc. may come later); stored as JSON. */
  options?: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

export interface AnswerSessionStore {
  /** Creates or replaces the session with this id. */
  saveSession(session: AnswerSession): Promise<void>;
  /** Undefined when unknown or expired at `now`. */
  getSession(id: string, now: Date): Promise<AnswerSession | undefined>;
  /** Deletes expired rows; returns how many. */
  pruneSessions(now: Date): Promise<number>;
}

/** How long buttons keep working; callers set `expiresAt = createdAt + SESSION_TTL_MS`. */
export const SESSION_TTL_MS = 7 * 24 * 3_600_000;

/** Longest id a store must accept (Discord's 100-char custom_id also holds the action). */
export const MAX_SESSION_ID = 16;

/** 10 url-safe random characters (60 bits): unguessable enough that ids are not worth trying. */
export function newSessionId(): string {
  return randomBytes(8).toString('base64url').slice(0, 10);
}
