import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { ChatEvent, Outgoing } from '../../pipeline/events.js';
import type { Pipeline } from '../../pipeline/pipeline.js';
import type { AdminCache } from './admins.js';
import { MAX_PASSAGES } from './blocks.js';
import { type SlackMessage, sendable } from './limits.js';
import { renderResult } from './render.js';
import type { BotThreads } from './threads.js';

/** What every Slack handler shares. */
export interface SlackRuntime {
  pipeline: Pipeline;
  logger: Logger;
  admins: AdminCache;
  /** Slash-command prefix (`ask` is `/${prefix}ask`). */
  prefix: string;
  /** Threads the bot answered in: plain messages there are follow-ups. */
  threads: BotThreads;
}

/** How refusals name the permission that changing channel settings needs on Slack. */
const WORKSPACE_ADMIN = 'to be a workspace admin or owner';

/** A short id that ties what the user sees ("ref …") to the log line. */
export function newRef(): string {
  return `sl-${randomBytes(3).toString('hex')}`;
}

/** The event's user, with whether they may change channel settings (a cached users.info). */
export async function userOf(
  rt: SlackRuntime,
  client: webApi.WebClient,
  userId: string,
): Promise<ChatEvent['user']> {
  const admin = await rt.admins.isAdmin(client, userId);
  return { id: userId, canManageChannel: admin, permissionLabel: WORKSPACE_ADMIN, isAdmin: admin };
}

/**
 * Renders what the pipeline sends for Slack: a private answer offers Share. A message over Slack's
 * limits is logged and sent as its plain fallback.
 */
export function present(rt: SlackRuntime, out: Outgoing, ref: string): SlackMessage {
  const { result } = out;
  const trimmed =
    result.kind === 'answer'
      ? { ...result, answer: { ...result.answer, passages: result.answer.passages.slice(0, MAX_PASSAGES) } }
      : result;
  const msg = renderResult(trimmed, {
    prefix: rt.prefix,
    ...(out.command ? { command: `${rt.prefix}${out.command}` } : {}),
    answer: {
      maxQuestionChars: rt.pipeline.services.answers.maxQuestionChars,
      ...(out.sessionId
        ? { sessionId: out.sessionId, share: out.visibility === 'private', feedback: out.feedback }
        : {}),
      ...(out.sharedBy ? { sharedBy: out.sharedBy } : {}),
    },
  });
  return sendable(msg, (problems) =>
    rt.logger.warn({ ref, problems, kind: result.kind }, 'slack message over limits; sending plain text'),
  );
}
