import { afterEach, describe, expect, it } from 'vitest';
import { eventCallback, STANDIN_BOT_USER_ID, slashCommandForm } from '../../standins/slack.js';
import { allText, passageSections } from './blocks-of.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Slack adapter in Socket Mode (real Bolt app, WebSocket stand-in)', () => {
  it('connects with the app token and answers a slash command: ack, then the response', async () => {
    const x = await startHarness({ mode: 'socket' });
    h = x;
    expect(x.slack.mode).toBe('socket');
    await x.standIn.socket.connected;
    const open = await x.standIn.waitFor((c) => c.method === 'apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-test');

    const ack = await x.standIn.socket.sendEnvelope(
      'slash_commands',
      slashCommandForm({
        command: '/ask',
        text: 'What phones did Xi give Lee?',
        responseUrl: x.standIn.responseUrl('sm1'),
      }),
    );
    expect(ack.envelope_id).toEqual(expect.any(String));
    const reply = await x.standIn.waitFor((c) => c.path === '/response/sm1');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(passageSections(reply).join('\n')).toContain('Xiaomi');
    expect(allText(reply)).toMatch(/paragraph \d+ of \d+/);
  });

  it('answers a redelivered event envelope (retry_attempt) once', async () => {
    const x = await startHarness({ mode: 'socket' });
    h = x;
    await x.standIn.socket.connected;
    const body = eventCallback({
      eventId: 'EvSOCKET1',
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@${STANDIN_BOT_USER_ID}> who is John Delury?`,
        ts: '1700000020.000100',
        channel: 'C0GENERAL',
      },
    });
    await x.standIn.socket.sendEnvelope('events_api', body);
    await x.standIn.socket.sendEnvelope('events_api', body, { retry_attempt: 1 });
    const marker = eventCallback({
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: 'Xiaomi',
        ts: '1700000020.000200',
        channel: 'C0GENERAL',
      },
    });
    await x.standIn.socket.sendEnvelope('events_api', marker);
    await x.standIn.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000020.000200',
    );
    const first = await x.standIn.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000020.000100',
    );
    expect(allText(first)).toContain('Delury');
    const answers = x.standIn.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000020.000100',
    );
    expect(answers).toHaveLength(1);
  });
});
