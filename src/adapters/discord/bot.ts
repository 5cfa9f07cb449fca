import type { Client } from 'discord.js';
import type { AnswerService } from '../../core/answer-service.js';
import type { Command, CommandContext, CommandResult } from '../../core/command.js';
import type { FeedbackStore } from '../../core/state.js';
import type { Logger } from '../../logger.js';
import type { AnswerSessions } from '../shared/answer-sessions.js';
import type { AnswerGuard } from '../shared/guard.js';
import type { DiscordMessage } from './limits.js';
import { type AnswerView, renderNotice, renderResult } from './render.js';

/** What every Discord handler works with, built once by startDiscord. */
export interface Bot {
  client: Client;
  answers: AnswerService;
  logger: Logger;
  services: Record<string, unknown>;
  commands: readonly Command[];
  sessions: AnswerSessions;
  /** Rate limits, metrics, in-flight tracking and delivery failures. */
  guard: AnswerGuard;
  maxQuestionChars: number;
  /** How long a handler may run before its interaction is deferred (see DIRECT_REPLY_BUDGET_MS). */
  replyBudgetMs: number;
}

/** The state store's feedback port, when one is wired; without it no 👍/👎 buttons are shown. */
export function feedbackStore(services: Record<string, unknown>): FeedbackStore | undefined {
  const f = services.feedback as Partial<FeedbackStore> | undefined;
  return f && typeof f.recordFeedback === 'function' ? (f as FeedbackStore) : undefined;
}

export function commandContext(
  bot: Bot,
  user: CommandContext['user'],
  channel: CommandContext['channel'],
): CommandContext {
  return {
    answers: bot.answers,
    platform: 'discord',
    user,
    ...(channel ? { channel } : {}),
    commands: bot.commands,
    services: bot.services,
  };
}

/**
 * Renders a command result. An answer with passages gets a session, so its buttons can carry a short
 * id and find the question again.
 */
export function messageFor(bot: Bot, result: CommandResult, given: AnswerView = {}): DiscordMessage {
  const view = { ...given, maxQuestionChars: bot.maxQuestionChars };
  if (result.kind === 'answer' && result.answer.passages.length > 0) {
    const sessionId = bot.sessions.add({
      question: result.answer.question,
      passageIds: result.answer.passages.map((p) => p.id),
    });
    return renderResult(result, { ...view, sessionId, feedback: Boolean(feedbackStore(bot.services)) });
  }
  return renderResult(result, view);
}

/** Same wording as runCommand's, for failures outside a handler (rendering, sending). */
export function somethingWentWrong(ref: string): DiscordMessage {
  return renderNotice('error', `Something went wrong while answering (ref ${ref}). Please try again.`);
}

/** Discord's numeric error code of a failed request, if it is one. */
export function discordCode(err: unknown): number | string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? (err as { code: number | string }).code
    : undefined;
}
