import type { AttachmentPayload, Client } from 'discord.js';
import type { Logger } from '../../logger.js';
import type { Outgoing } from '../../pipeline/events.js';
import type { Pipeline } from '../../pipeline/pipeline.js';
import type { DiscordMessage } from './limits.js';
import { renderResult } from './render.js';
import { trendFiles } from './render-trend.js';

/** What every Discord handler works with, built once by startDiscord. */
export interface Bot {
  client: Client;
  pipeline: Pipeline;
  logger: Logger;
  /** How long a handler may run before its interaction is deferred (see DIRECT_REPLY_BUDGET_MS). */
  replyBudgetMs: number;
  /** DISCORD_MESSAGE_CONTENT=on: plain messages in the bot's threads are follow-ups. */
  messageContent: boolean;
  /** Threads already told to mention the bot (without the intent), so it is said once per thread. */
  toldHowToAsk: Set<string>;
}

/** Renders what the pipeline sends, with the buttons its session and visibility call for (and a chart's file). */
export function messageFor(bot: Bot, out: Outgoing): DiscordMessage & { files?: AttachmentPayload[] } {
  const files = out.result.kind === 'trend' ? trendFiles(out.result.trend) : [];
  const msg = renderResult(out.result, {
    ...(out.sessionId ? { sessionId: out.sessionId } : {}),
    private: out.visibility === 'private',
    feedback: out.feedback,
    ...(out.sharedBy ? { sharedBy: out.sharedBy } : {}),
    maxQuestionChars: bot.pipeline.services.answers.maxQuestionChars,
  });
  return files.length ? { ...msg, files } : msg;
}

/** Discord's numeric error code of a failed request, if it is one. */
export function discordCode(err: unknown): number | string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? (err as { code: number | string }).code
    : undefined;
}
