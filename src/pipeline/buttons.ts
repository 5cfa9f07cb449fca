import type { CommandResult } from '../core/command.js';
import type { AnswerSession } from '../core/state.js';
import type { Services } from '../services.js';
import type { ButtonAction, ChatEvent, Outgoing, Surface, Visibility } from './events.js';
import { ownedBy, sessionFilters } from './sessions.js';
import {
  EXPIRED_TEXT,
  FEEDBACK_FAILED,
  NO_FEEDBACK_TEXT,
  NO_MORE_TEXT,
  SHARE_CHANGED_TEXT,
  THANKS,
} from './wording.js';

interface ButtonStep {
  services: Services;
  event: ChatEvent;
  /** The clicked message is the asker's private copy. */
  clickedPrivate: boolean;
  surface: Surface;
  action: Exclude<ButtonAction, { kind: 'run' }>;
  outgoing(
    event: ChatEvent,
    result: CommandResult,
    v: Visibility,
    extra?: Partial<Outgoing>,
  ): Promise<Outgoing>;
  deliver(event: ChatEvent, surface: Surface, out: Outgoing): Promise<boolean>;
}

/**
 * More results, Share and 👍/👎. Each finds its question again in the session store. None of them counts
 * against the question rate limit: they page through an answer already given. A session belongs to
 * its asker: anyone else clicking gets their own private page, never a post in the asker's name.
 */
export async function onButton(step: ButtonStep): Promise<void> {
  const { services, event, surface, action } = step;
  const session = await services.sessions.getSession(action.session, services.clock.now());
  if (!session) {
    await surface.replyPrivately('info', EXPIRED_TEXT);
    return;
  }
  if (action.kind === 'vote') {
    await vote(step, session, action.vote);
    return;
  }
  const mine = ownedBy(session, event);
  const share = action.kind === 'share' && mine;
  // A share posts the page the asker saw; paging shows the next one.
  const filters = sessionFilters(session);
  const answer = await services.answers.ask(session.question, {
    offset: action.offset,
    ...(filters ? { filters } : {}),
    ...(share ? { limit: Math.max(1, session.passageIds.length) } : {}),
  });
  if (answer.passages.length === 0) {
    await surface.replyPrivately('info', share ? SHARE_CHANGED_TEXT : NO_MORE_TEXT);
    return;
  }
  const result: CommandResult = { kind: 'answer', answer };
  const { clickedPrivate } = step;
  const out = share
    ? await step.outgoing(event, result, 'public', { intent: 'share', sharedBy: event.user.id })
    : mine
      ? await step.outgoing(event, result, clickedPrivate ? 'private' : 'public', { intent: 'page' })
      : await step.outgoing(event, result, 'private');
  await step.deliver(event, surface, out);
}

async function vote(step: ButtonStep, session: AnswerSession, v: 'up' | 'down'): Promise<void> {
  const { services, event, surface } = step;
  if (!services.feedback) {
    await surface.replyPrivately('info', NO_FEEDBACK_TEXT);
    return;
  }
  try {
    await services.feedback.recordFeedback({
      answerId: session.id,
      platform: event.platform,
      channelId: event.channel?.id ?? event.user.id,
      userId: event.user.id,
      question: session.question,
      passageIds: session.passageIds,
      vote: v,
      at: services.clock.now(),
    });
  } catch (err) {
    services.logger.error({ err, ref: event.ref }, 'recording feedback failed');
    await surface.replyPrivately('error', FEEDBACK_FAILED(event.ref));
    return;
  }
  await surface.replyPrivately('success', THANKS[v]);
}
