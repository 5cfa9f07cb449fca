import { describe, expect, it } from 'vitest';
import { eventCallback, postToBolt, STANDIN_BOT_USER_ID, slashCommandForm } from '../../standins/slack.js';
import { directReply, startHarness as startDiscord } from '../discord/harness.js';
import { SIGNING_SECRET, startHarness as startSlack } from '../slack/harness.js';

/** A question nobody else asks, so any trace of it in the logs is ours. */
const QUESTION = 'What phones did Xi give Lee, platypus?';
const SECRET_WORD = 'platypus';

/** `lowest`: the most verbose level that must show up, so the logs are not clean merely by being quiet. */
function expectClean(raw: string[], secrets: string[], lowest: 10 | 20): void {
  const text = raw.join('');
  expect(text).toContain(`"level":${lowest}`);
  for (const s of [SECRET_WORD, ...secrets]) expect(text, `logs contain ${s}`).not.toContain(s);
}

describe('logs at trace level, through real exchanges (including failures)', () => {
  it('Discord: no token, no interaction token, no question text', async () => {
    const h = await startDiscord({ logLevel: 'trace' });
    try {
      const ok = h.discord.sendSlashCommand({
        name: 'ask',
        options: [{ name: 'question', type: 3, value: QUESTION }],
      });
      expect((await directReply(h, ok.id)).body.content).toContain(SECRET_WORD);

      // A reply Discord rejects: the library error holds the request body (the answer) and the URL (the token).
      h.discord.failNext((r) => Boolean(r.body?.data?.embeds?.length), 400, {
        code: 50035,
        message: 'Invalid Form Body',
      });
      const failed = h.discord.sendSlashCommand({
        name: 'ask',
        options: [{ name: 'question', type: 3, value: QUESTION }],
      });
      await h.discord.waitFor(
        (r) => r.method === 'POST' && r.path.includes(`/${failed.token}`) && r.body?.data?.flags === 64,
      );
      expect(h.logs.some((l) => l.msg === 'reply could not be delivered')).toBe(true);

      const mention = h.discord.sendMessage({ content: QUESTION, mentionsBot: true });
      await h.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${mention.id}/messages`);
      const dm = h.discord.sendMessage({ content: QUESTION, dm: true });
      await h.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${dm.channelId}/messages`);

      // The Discord adapter's own lines go down to debug; discord.js's debug stream is never wired in.
      expectClean(h.rawLogs, ['test-token', ok.token, failed.token], 20);
    } finally {
      await h.close();
    }
  });

  for (const mode of ['http', 'socket'] as const) {
    it(`Slack (${mode} mode): no bot token, app token, signing secret or question text`, async () => {
      const h = await startSlack({ mode, logLevel: 'trace' });
      try {
        const send = (
          body: { form?: Record<string, string>; json?: unknown },
          type: 'slash_commands' | 'events_api',
        ) =>
          mode === 'http'
            ? postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, body)
            : h.standIn.socket.sendEnvelope(type, body.form ?? body.json);
        await send(
          {
            form: slashCommandForm({
              command: '/ask',
              text: QUESTION,
              responseUrl: h.standIn.responseUrl('q1'),
            }),
          },
          'slash_commands',
        );
        expect(JSON.stringify((await h.standIn.waitFor((c) => c.path === '/response/q1')).body)).toContain(
          SECRET_WORD,
        );
        h.standIn.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
        const event = (ts: string) =>
          send(
            {
              json: eventCallback({
                event: {
                  type: 'app_mention',
                  user: 'U0ALICE',
                  text: `<@${STANDIN_BOT_USER_ID}> ${QUESTION}`,
                  ts,
                  channel: 'C1',
                },
              }),
            },
            'events_api',
          );
        await event('1700000200.000100');
        await h.standIn.waitFor((c) => c.method === 'chat.postEphemeral');
        await event('1700000200.000200');
        await h.standIn.waitFor(
          (c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000200.000200',
        );
        expect(h.logs.some((l) => l.msg === 'reply could not be delivered')).toBe(true);

        expectClean(h.rawLogs, ['xoxb-test', 'xapp-test', SIGNING_SECRET], 10);
      } finally {
        await h.close();
      }
    });
  }
});
