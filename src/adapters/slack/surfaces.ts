import type { AckFn, RespondArguments, RespondFn, webApi } from '@slack/bolt';
import type { Outgoing, Surface } from '../../pipeline/events.js';
import type { SlackMessage } from './limits.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { uploadChart } from './render-trend.js';
import { present, type SlackRuntime } from './runtime.js';

const icon = { info: 'ℹ️', success: '✅', error: '⚠️' } as const;

/**
 * A slash command. Acknowledged within Slack's 3 s: a refusal is the acknowledgement itself (private,
 * no API call); anything else acknowledges and then answers through the response_url, privately
 * unless the asker chose otherwise.
 */
export function commandSurface(
  rt: SlackRuntime,
  bolt: { ack: AckFn<string | RespondArguments>; respond: RespondFn; client: webApi.WebClient },
  where: { channel: string; user: string },
  ref: string,
): Surface {
  const { ack, respond, client } = bolt;
  let acked = false;
  const ackOnce = async (body?: RespondArguments) => {
    if (acked) return false;
    acked = true;
    await (body ? ack(body) : ack());
    return true;
  };
  return {
    defaultVisibility: 'private',
    defer: { afterMs: 1000, run: async () => void (await ackOnce()) },
    // The response_url does not retry: when it refuses, chat.postEphemeral (with the client's retries).
    async replyPrivately(tone, text) {
      await ackOnce();
      const body = { response_type: 'ephemeral' as const, text: `${icon[tone]} ${escapeMrkdwn(text)}` };
      await respond(body).catch(() =>
        client.chat.postEphemeral({ channel: where.channel, user: where.user, text: body.text }),
      );
    },
    async refuse(r) {
      const body = { response_type: 'ephemeral' as const, text: escapeMrkdwn(r.text) };
      if (!(await ackOnce(body))) await respond(body);
    },
    async reply(out) {
      await ackOnce();
      const msg = present(rt, out, ref);
      await respond({ response_type: out.visibility === 'private' ? 'ephemeral' : 'in_channel', ...msg });
      await uploadChart(client, out, { channel: where.channel });
    },
  };
}

/**
 * A mention (answered in its thread) or a DM. Answers are posted; what only the asker should see
 * (refusals once per wait, failures, help) goes out with chat.postEphemeral.
 */
export function messageSurface(
  rt: SlackRuntime,
  client: webApi.WebClient,
  where: { channel: string; user: string; threadTs?: string; question?: string },
  ref: string,
): Surface {
  const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
  const whisper = (msg: { text: string; blocks?: SlackMessage['blocks'] }) =>
    client.chat.postEphemeral({ channel: where.channel, user: where.user, ...thread, ...msg });
  return {
    defaultVisibility: 'public',
    replyPrivately: async (tone, text) => {
      await whisper({ text: `${icon[tone]} ${escapeMrkdwn(text)}` });
    },
    refuse: async (r) => {
      // Each notice is an API call: one per wait, so a flood of mentions cannot spend our own rate limit.
      if (r.firstNotice) await whisper({ text: escapeMrkdwn(r.text) });
    },
    async reply(out) {
      const msg = present(rt, out, ref);
      if (out.visibility === 'private') await whisper(msg);
      else
        await client.chat.postMessage({
          channel: where.channel,
          ...thread,
          unfurl_links: false,
          unfurl_media: false,
          ...msg,
        });
      if (out.visibility === 'public' && where.threadTs && where.question !== undefined)
        rt.threads.remember(where.channel, where.threadTs, where.question);
      await uploadChart(client, out, where);
    },
  };
}

/**
 * A button. A private copy is updated in place; a public message gets a new reply (private unless it
 * is the asker's next page); a share goes to the channel and removes the private copy it came from.
 */
export function actionSurface(
  rt: SlackRuntime,
  respond: RespondFn,
  clickedPrivate: boolean,
  ref: string,
): Surface {
  const note = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  return {
    defaultVisibility: 'private',
    replyPrivately: async (tone, text) => {
      await note(`${icon[tone]} ${escapeMrkdwn(text)}`);
    },
    refuse: async (r) => {
      await note(escapeMrkdwn(r.text));
    },
    async reply(out) {
      // Paging a public answer shows the next page to the clicker only: the channel saw the first.
      const shown: Outgoing = out.intent === 'page' ? { ...out, visibility: 'private' } : out;
      const msg = present(rt, shown, ref);
      if (shown.visibility === 'public') {
        await respond({ response_type: 'in_channel', replace_original: false, ...msg });
        // The private copy has done its job; leaving it would show the same answer twice.
        if (out.intent === 'share' && clickedPrivate) await respond({ delete_original: true });
      } else if (clickedPrivate) {
        await respond({ replace_original: true, ...msg });
      } else {
        await respond({ response_type: 'ephemeral', replace_original: false, ...msg });
      }
    },
  };
}
