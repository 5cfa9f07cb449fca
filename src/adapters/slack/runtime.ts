import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { AnswerService } from '../../core/answer-service.js';
import type { Command, CommandContext, CommandInput, CommandResult } from '../../core/command.js';
import { parseTextInput } from '../../core/command.js';
import type { FeedbackStore } from '../../core/state.js';
import type { Logger } from '../../logger.js';
import type { AnswerSessions } from '../shared/answer-sessions.js';
import { runCommand } from '../shared/dispatch.js';
import type { AnswerGuard } from '../shared/guard.js';
import type { AdminCache } from './admins.js';
import { MAX_PASSAGES } from './blocks.js';
import { type SlackMessage, sendable } from './limits.js';
import { renderResult } from './render.js';

/** What every Slack handler shares. */
export interface SlackRuntime {
  answers: AnswerService;
  commands: readonly Command[];
  logger: Logger;
  services: Record<string, unknown>;
  sessions: AnswerSessions;
  admins: AdminCache;
  /** Slash-command prefix (`ask` is `/${prefix}ask`). */
  prefix: string;
  /** Rate limits, metrics, in-flight tracking and delivery failures. */
  guard: AnswerGuard;
  maxQuestionChars: number;
}

/** A short id that ties what the user sees ("ref …") to the log line. */
export function newRef(): string {
  return `sl-${randomBytes(3).toString('hex')}`;
}

export function sorry(ref: string): string {
  return `Sorry, something went wrong while answering (ref ${ref}). Please try again.`;
}

/** The feedback store, once the state store is wired (read on each use: it may be added after start). */
export function feedbackStore(rt: SlackRuntime): FeedbackStore | undefined {
  const store = rt.services.feedback as Partial<FeedbackStore> | undefined;
  return typeof store?.recordFeedback === 'function' ? (store as FeedbackStore) : undefined;
}

export async function commandContext(
  rt: SlackRuntime,
  client: webApi.WebClient,
  userId: string,
  channel?: { id: string; name?: string },
): Promise<CommandContext> {
  return {
    answers: rt.answers,
    platform: 'slack',
    user: { id: userId, canManageChannel: await rt.admins.isAdmin(client, userId) },
    ...(channel ? { channel } : {}),
    commands: rt.commands,
    services: rt.services,
  };
}

/**
 * What a mention or DM asks for: `/command …` (or a bare `help`) runs that command, anything else is
 * a question for `ask`.
 */
export function commandFromText(rt: SlackRuntime, text: string): { cmd: Command; input: CommandInput } {
  const m = /^\/?([a-z][\w-]*)(?:\s+([\s\S]*))?$/i.exec(text);
  const named = m?.[1]?.toLowerCase().replace(new RegExp(`^${rt.prefix}`), '');
  const cmd = named ? rt.commands.find((c) => c.name === named) : undefined;
  if (cmd && m && (text.startsWith('/') || (cmd.name === 'help' && !m[2]))) {
    return { cmd, input: parseTextInput(cmd, m[2] ?? '') };
  }
  const ask = rt.commands.find((c) => c.name === 'ask');
  if (!ask) throw new Error('slack: no ask command registered');
  return { cmd: ask, input: { options: { question: text } } };
}

export function runText(
  rt: SlackRuntime,
  text: string,
  ctx: CommandContext,
  ref: string,
): Promise<CommandResult> {
  const { cmd, input } = commandFromText(rt, text);
  return runCommand(cmd, input, ctx, rt.logger, ref);
}

/**
 * Renders a result for Slack. Answers get a session (so their buttons work) and, when only the asker
 * sees them, a Share button. A message over Slack's limits is logged and sent as its plain fallback.
 */
export function present(
  rt: SlackRuntime,
  result: CommandResult,
  where: { ephemeral: boolean; sharedBy?: string },
  ref: string,
): SlackMessage {
  let msg: SlackMessage;
  if (result.kind === 'answer' && result.answer.passages.length > 0) {
    const answer = { ...result.answer, passages: result.answer.passages.slice(0, MAX_PASSAGES) };
    const sessionId = rt.sessions.add({
      question: answer.question,
      passageIds: answer.passages.map((p) => p.id),
    });
    msg = renderResult(
      { ...result, answer },
      {
        prefix: rt.prefix,
        answer: {
          maxQuestionChars: rt.maxQuestionChars,
          sessionId,
          share: where.ephemeral,
          feedback: feedbackStore(rt) !== undefined,
          ...(where.sharedBy ? { sharedBy: where.sharedBy } : {}),
        },
      },
    );
  } else {
    msg = renderResult(result, {
      prefix: rt.prefix,
      answer: {
        maxQuestionChars: rt.maxQuestionChars,
        ...(where.sharedBy ? { sharedBy: where.sharedBy } : {}),
      },
    });
  }
  return sendable(msg, (problems) =>
    rt.logger.warn({ ref, problems, kind: result.kind }, 'slack message over limits; sending plain text'),
  );
}
