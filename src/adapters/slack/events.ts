import type { App, webApi } from '@slack/bolt';
import { settlesWithin } from '../../pipeline/settles.js';
import { fromSlackText } from './mrkdwn.js';
import { newRef, type SlackRuntime, userOf } from './runtime.js';
import { messageSurface } from './surfaces.js';

/** How long a retried-event check may hold an event up. */
const DEDUPE_BUDGET_MS = 250;

interface Incoming {
  user: string;
  text: string;
  channel: string;
  /** Where to answer: the thread the message started or sits in, if any. */
  threadTs?: string;
  eventId: string;
  /** A follow-up: the thread's earlier question. */
  context?: string;
}

/**
 * Mentions (answered in the message's thread) and direct messages (answered in the DM). Retried
 * deliveries of an event are dropped by event_id before any handler runs; the ids seen are kept in the
 * state store, so a retry that reaches another replica is dropped too.
 */
export function registerEvents(app: App, rt: SlackRuntime): void {
  const { events, clock } = rt.pipeline.services;
  // The shared ledger is on the answering path: a store that is slow or down must not hold answers
  // back (Slack's 3 s), so past a short wait the event counts as new (a rare double answer, never none).
  const firstDelivery = async (eventId: string): Promise<boolean> => {
    const check = events.firstDelivery(eventId, clock.now()).catch((err: unknown) => {
      rt.logger.warn({ err, eventId }, 'event ledger unavailable; answering');
      return true;
    });
    return (await settlesWithin(check, DEDUPE_BUDGET_MS)) ? check : true;
  };
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await firstDelivery(eventId))) {
      rt.logger.debug(
        { eventId, retry: context.retryNum, reason: context.retryReason },
        'duplicate event dropped',
      );
      return;
    }
    await next();
  });

  app.event('app_mention', async ({ event, context, client, body }) => {
    if (event.bot_id || event.subtype || !event.user || event.user === context.botUserId) return;
    await answer(rt, client, {
      user: event.user,
      text: fromSlackText(event.text, context.botUserId),
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      eventId: body.event_id,
    });
  });

  app.event('message', async ({ event, context, client, body }) => {
    // Edits, joins, bot posts and our own replies all arrive here too: only people's new messages count.
    if (event.subtype !== undefined || event.bot_id || !event.user || event.user === context.botUserId)
      return;
    const text = fromSlackText(event.text ?? '', context.botUserId);
    const base = { user: event.user, text, channel: event.channel, eventId: body.event_id };
    const threadTs = event.thread_ts && event.thread_ts !== event.ts ? event.thread_ts : undefined;
    if (event.channel_type === 'im' && !threadTs) return answer(rt, client, base);
    // In channels (and DM threads), only a reply in a thread the bot answered in; a mention there is app_mention's.
    if (!threadTs || (context.botUserId && event.text?.includes(`<@${context.botUserId}>`))) return;
    const thread = await rt.threads
      .lookup(client, event.channel, threadTs, {
        ...(context.botUserId ? { userId: context.botUserId } : {}),
        ...(context.botId ? { botId: context.botId } : {}),
      })
      .catch((err: unknown) => {
        rt.logger.warn({ err, channel: event.channel }, 'cannot tell whether the bot is in this thread');
        return undefined;
      });
    if (!thread && event.channel_type !== 'im') return;
    await answer(rt, client, {
      ...base,
      threadTs,
      ...(thread?.question ? { context: thread.question } : {}),
    });
  });
}

async function answer(rt: SlackRuntime, client: webApi.WebClient, m: Incoming): Promise<void> {
  const startedMs = performance.now();
  const ref = newRef();
  rt.logger.debug({ ref, eventId: m.eventId, user: m.user, channel: m.channel }, 'slack message');
  await rt.pipeline.handle(
    {
      platform: 'slack',
      ref,
      startedMs,
      user: await userOf(rt, client, m.user),
      channel: { id: m.channel },
      trigger: {
        kind: 'text',
        text: m.text,
        prefix: rt.prefix,
        ...(m.context ? { context: m.context } : {}),
      },
    },
    messageSurface(
      rt,
      client,
      {
        channel: m.channel,
        user: m.user,
        ...(m.threadTs ? { threadTs: m.threadTs } : {}),
        // The thread keeps its first question as the context of later follow-ups.
        question: m.context ?? m.text,
      },
      ref,
    ),
  );
}
