/**
 * The people asking during `npm run load`: one question at a time of a given kind, sent to the bot
 * through the stand-ins exactly as Discord and Slack send them, timed until the reply arrives.
 */
import { Agent, request } from 'node:http';
import type { DiscordStandIn } from '../standins/discord.js';
import {
  eventCallback,
  type SlackStandIn,
  STANDIN_BOT_USER_ID,
  signSlackRequest,
  slashCommandForm,
} from '../standins/slack.js';

export type Kind = 'discord /ask' | 'discord mention' | 'slack /ask' | 'slack mention';
export const KINDS: Kind[] = ['discord /ask', 'discord mention', 'slack /ask', 'slack mention'];

/** A reply not seen within this long counts as lost. */
const TIMEOUT_MS = 10_000;

export interface Askers {
  /**
   * Sends one question of `kind` from asker `worker`; resolves with the milliseconds from the event
   * sent to its reply reaching the stand-in, rejects when no reply came.
   */
  ask(kind: Kind, question: string, worker: number): Promise<number>;
  close(): void;
}

export function askers(o: {
  discord: DiscordStandIn;
  slack: SlackStandIn;
  /** The bot's Slack HTTP endpoint, and the signing secret it checks. */
  eventsUrl: string;
  signingSecret: string;
  concurrency: number;
}): Askers {
  const { discord, slack } = o;
  // Slack keeps its connections to an app open; so does this sender (the tests' helper does not).
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  /** A signed request to the Bolt receiver, as Slack sends it. Failures show up as lost replies. */
  const post = (body: { form?: Record<string, string>; json?: unknown }) => {
    const raw = body.form ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json);
    const headers = {
      'content-type': body.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'content-length': String(Buffer.byteLength(raw)),
      ...signSlackRequest(o.signingSecret, raw),
    };
    const req = request(o.eventsUrl, { method: 'POST', headers, agent }, (res) => res.resume());
    req.on('error', () => undefined);
    req.end(raw);
  };
  let seq = 0;

  async function ask(kind: Kind, question: string, worker: number): Promise<number> {
    const n = seq++;
    // Recorded requests are only scanned by waitFor before it registers: keep the lists short. Safe,
    // since every waiter below is registered before its event can be answered.
    if (discord.requests.length > 200) discord.requests.length = 0;
    if (slack.calls.length > 200) slack.calls.length = 0;
    // Distinct people: a Discord snowflake and a Slack user id per asker.
    const discordUser = String(100000000000000000n + BigInt(worker));
    const slackUser = `U${String(worker).padStart(6, '0')}`;
    let reply: Promise<unknown>;
    const started = performance.now();
    if (kind === 'discord /ask') {
      const { id, token } = discord.sendSlashCommand({
        name: 'ask',
        options: [{ name: 'question', type: 3, value: question }],
        userId: discordUser,
      });
      // Normally the answer is the interaction's acknowledgement (type 4); a slow one edits a deferral.
      reply = discord.waitFor(
        (r) =>
          (r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback` && r.body?.type === 4) ||
          (r.method === 'PATCH' && r.path.includes(`/${token}/messages/`)),
        TIMEOUT_MS,
      );
    } else if (kind === 'discord mention') {
      const { id } = discord.sendMessage({ content: question, mentionsBot: true, authorId: discordUser });
      // In the thread started on the question (which shares its id), or as a reply to it.
      reply = discord.waitFor(
        (r) =>
          r.method === 'POST' &&
          (r.path === `/channels/${id}/messages` || r.body?.message_reference?.message_id === id),
        TIMEOUT_MS,
      );
    } else if (kind === 'slack /ask') {
      const rid = `load${n}`;
      reply = slack.waitFor((call) => call.path === `/response/${rid}`, TIMEOUT_MS);
      post({
        form: slashCommandForm({
          command: '/ask',
          text: question,
          userId: slackUser,
          responseUrl: slack.responseUrl(rid),
        }),
      });
    } else {
      const ts = `${1_800_000_000 + n}.000100`;
      reply = slack.waitFor(
        (call) => call.method === 'chat.postMessage' && call.body.thread_ts === ts,
        TIMEOUT_MS,
      );
      post({
        json: eventCallback({
          event: {
            type: 'app_mention',
            user: slackUser,
            text: `<@${STANDIN_BOT_USER_ID}> ${question}`,
            ts,
            channel: 'C0GENERAL',
          },
        }),
      });
    }
    await reply;
    return performance.now() - started;
  }

  return { ask, close: () => agent.destroy() };
}
