import type { App, webApi } from '@slack/bolt';
import { undeliveredText } from '../shared/text.js';
import type { SlackMessage } from './limits.js';
import { escapeMrkdwn, fromSlackText } from './mrkdwn.js';
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
  const started = performance.now();
  const ref = newRef();
  const where = { ref, eventId: m.eventId, user: m.user, channel: m.channel };
  const thread = m.threadTs ? { thread_ts: m.threadTs } : {};
  const post = (msg: { text: string; blocks?: SlackMessage['blocks'] }) =>
    client.chat.postMessage({
      channel: m.channel,
      ...thread,
      unfurl_links: false,
      unfurl_media: false,
      ...msg,
    });
  /** Only the asker sees it: for refusals and delivery failures, which are nobody else's business. */
  const whisper = (text: string) =>
    client.chat
      .postEphemeral({ channel: m.channel, user: m.user, ...thread, text: escapeMrkdwn(text) })
      .catch((err: unknown) => rt.logger.warn({ err, ...where }, 'could not send a private notice'));
  const release = rt.guard.hold();
  try {
    const refusal = release ? rt.guard.limit(m.user, m.channel) : rt.guard.restarting();
    if (refusal) {
      // Each notice is an API call: one per wait, so a flood of mentions cannot spend our own rate limit.
      if (refusal.firstNotice) await whisper(refusal.text);
      return;
    }
    const ctx = await commandContext(rt, client, m.user, { id: m.channel });
    const result = await runText(rt, m.text, ctx, ref);
    const msg = present(rt, result, { ephemeral: false }, ref);
    if (await rt.guard.deliver(ref, () => post(msg))) rt.guard.answered(result, started);
    else await whisper(undeliveredText(ref));
  } catch (err) {
    rt.logger.error({ err, ...where }, 'slack event failed');
    rt.guard.metrics?.errors.inc({ platform: 'slack', kind: 'handler' });
    await post({ text: sorry(ref) }).catch((e: unknown) =>
      rt.logger.warn({ err: e, ref }, 'could not tell the user about the failure'),
    );
  } finally {
    release?.();
  }
}
