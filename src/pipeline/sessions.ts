import type { CommandResult } from '../core/command.js';
import { type AskFilters, checkFilters } from '../core/filters.js';
import { type AnswerSession, newSessionId, SESSION_TTL_MS } from '../core/sessions.js';
import type { Services } from '../services.js';
import type { ChatEvent } from './events.js';

/** Longest an answer waits for its session to be stored (a locked or down store): then no buttons. */
export const SESSION_SAVE_BUDGET_MS = 250;

/**
 * Stores the question behind an answer with passages so its buttons (More results, Share, 👍/👎) can
 * carry a short id: in the state store, so they keep working after a restart and on any replica.
 * Returns undefined for anything else (no buttons to serve), and when the store fails or is slower than
 * SESSION_SAVE_BUDGET_MS: the answer then goes out without buttons rather than late or not at all.
 */
export async function saveSession(
  services: Services,
  event: ChatEvent,
  result: CommandResult,
): Promise<string | undefined> {
  if (result.kind !== 'answer' || result.answer.passages.length === 0) return undefined;
  const { answer } = result;
  const now = services.clock.now();
  const session: AnswerSession = {
    id: newSessionId(),
    question: answer.question,
    passageIds: answer.passages.map((p) => p.id),
    offset: answer.offset,
    owner: { platform: event.platform, userId: event.user.id },
    // The filters the answer was asked with, so More results and Share page through the same answer.
    ...(answer.filters ? { options: { filters: answer.filters } } : {}),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  const { logger } = services;
  const where = { ref: event.ref, platform: event.platform };
  const saved = Promise.resolve()
    .then(() => services.sessions.saveSession(session))
    .then(
      () => true,
      (err: unknown) => {
        logger.warn({ err, ...where }, 'answer session not saved; the answer goes out without buttons');
        return false;
      },
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), SESSION_SAVE_BUDGET_MS);
  });
  const outcome = await Promise.race([saved, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    logger.warn(
      { ...where, budgetMs: SESSION_SAVE_BUDGET_MS },
      'answer session save is slow; answering without buttons',
    );
  }
  return outcome === true ? session.id : undefined;
}

/** Whether the session was made for this user: only they may share it or page it in place. */
export function ownedBy(session: AnswerSession, event: ChatEvent): boolean {
  return session.owner.platform === event.platform && session.owner.userId === event.user.id;
}

/** The filters stored with a session (validated again: a stored row is outside input, too). */
export function sessionFilters(session: AnswerSession): AskFilters | undefined {
  const f = session.options?.filters;
  if (!f || typeof f !== 'object') return undefined;
  try {
    return checkFilters(f as AskFilters);
  } catch {
    return undefined;
  }
}
