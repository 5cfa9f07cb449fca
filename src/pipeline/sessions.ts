import type { CommandResult } from '../core/command.js';
import { type AnswerSession, newSessionId, SESSION_TTL_MS } from '../core/sessions.js';
import type { Services } from '../services.js';
import type { ChatEvent } from './events.js';

/**
 * Stores the question behind an answer with passages so its buttons (More results, Share, 👍/👎) can
 * carry a short id: in the state store, so they keep working after a restart and on any replica.
 * Returns undefined for anything else (no buttons to serve).
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
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  await services.sessions.saveSession(session);
  return session.id;
}

/** Whether the session was made for this user: only they may share it or page it in place. */
export function ownedBy(session: AnswerSession, event: ChatEvent): boolean {
  return session.owner.platform === event.platform && session.owner.userId === event.user.id;
}
