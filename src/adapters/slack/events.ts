import type { App, webApi } from '@slack/bolt';
import type { SlackMessage } from './limits.js';
import { fromSlackText } from './mrkdwn.js';
import type { RecentIds } from './recent-ids.js';
import { commandContext, newRef, present, runText, type SlackRuntime, sorry } from './runtime.js';

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
 * deliveries of an event are dropped by event_id before any handler runs.
 */
export function registerEvents(app: App, rt: SlackRuntime, recent: RecentIds): void {
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !recent.firstTime(eventId)) {
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
  const ref = newRef();
  const where = { ref, eventId: m.eventId, user: m.user, channel: m.channel };
  const post = (msg: { text: string; blocks?: SlackMessage['blocks'] }) =>
    client.chat.postMessage({
      channel: m.channel,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
      ...msg,
    });
  try {
    const ctx = await commandContext(rt, client, m.user, { id: m.channel });
    const result = await runText(rt, m.text, ctx, ref);
    await post(present(rt, result, { ephemeral: false }, ref));
  } catch (err) {
    rt.logger.error({ err, ...where }, 'slack event failed');
    await post({ text: sorry(ref) }).catch((e: unknown) =>
      rt.logger.warn({ err: e, ref }, 'could not tell the user about the failure'),
    );
  }
}
