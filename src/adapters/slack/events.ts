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
    // Edits, joins, bot posts and our own replies all arrive here too: only people's new DMs count.
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if (event.bot_id || !event.user || event.user === context.botUserId) return;
    await answer(rt, client, {
      user: event.user,
      text: fromSlackText(event.text ?? '', context.botUserId),
      channel: event.channel,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      eventId: body.event_id,
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
      trigger: { kind: 'text', text: m.text, prefix: rt.prefix },
    },
    messageSurface(
      rt,
      client,
      { channel: m.channel, user: m.user, ...(m.threadTs ? { threadTs: m.threadTs } : {}) },
      ref,
    ),
  );
}
