import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  blockActionPayload,
  eventCallback,
  postToBolt,
  type SlackStandIn,
  slashCommandForm,
  startSlackStandIn,
} from '../../standins/slack.js';

const signingSecret = 'test-signing-secret';

let standIn: SlackStandIn | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await standIn?.close();
  standIn = undefined;
});

describe('Slack stand-in, HTTP mode', () => {
  async function startHttpApp(s: SlackStandIn): Promise<{ app: App; eventsUrl: string }> {
    const a = new App({
      token: 'xoxb-test',
      signingSecret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
    });
    a.command('/ask', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'hi' });
    });
    a.event('app_mention', async ({ event, client }) => {
      await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: 'answer' });
    });
    a.action('more', async ({ ack, respond, body }) => {
      await ack();
      const value =
        body.type === 'block_actions' && body.actions[0]?.type === 'button' ? body.actions[0].value : '';
      await respond({ replace_original: false, text: `more of ${value}` });
    });
    const server = (await a.start(0)) as Server;
    const { port } = server.address() as AddressInfo;
    return { app: a, eventsUrl: `http://127.0.0.1:${port}/slack/events` };
  }

  it('answers auth.test, signed slash commands, events and block actions', async () => {
    standIn = await startSlackStandIn();
    const started = await startHttpApp(standIn);
    app = started.app;

    const auth = await standIn.waitFor((c) => c.method === 'auth.test');
    expect(auth.headers.authorization).toBe('Bearer xoxb-test');

    const responseUrl = standIn.responseUrl('cmd1');
    const res = await postToBolt(started.eventsUrl, signingSecret, {
      form: slashCommandForm({ command: '/ask', text: 'who won?', responseUrl }),
    });
    expect(res.status).toBe(200);
    const responded = await standIn.waitFor((c) => c.method === 'response_url');
    expect(responded.path).toBe('/response/cmd1');
    expect(responded.body).toMatchObject({ text: 'hi' });

    const bad = await postToBolt(
      started.eventsUrl,
      signingSecret,
      { form: slashCommandForm({ command: '/ask', text: 'x', responseUrl }) },
      { badSignature: true },
    );
    expect(bad.status).toBe(401);
    const stale = await postToBolt(
      started.eventsUrl,
      signingSecret,
      { form: slashCommandForm({ command: '/ask', text: 'x', responseUrl }) },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect(stale.status).toBe(401);

    const mention = await postToBolt(started.eventsUrl, signingSecret, {
      json: eventCallback({
        event: {
          type: 'app_mention',
          user: 'U0ALICE',
          text: `<@${standIn.botUserId}> who won?`,
          ts: '1700000000.000200',
          channel: 'C0GENERAL',
        },
      }),
    });
    expect(mention.status).toBe(200);
    const posted = await standIn.waitFor((c) => c.method === 'chat.postMessage');
    expect(posted.body).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: '1700000000.000200',
      text: 'answer',
    });
    expect(posted.headers.authorization).toBe('Bearer xoxb-test');

    const clickUrl = standIn.responseUrl('click1');
    const click = await postToBolt(started.eventsUrl, signingSecret, {
      form: {
        payload: JSON.stringify(blockActionPayload({ actionId: 'more', value: 'q1', responseUrl: clickUrl })),
      },
    });
    expect(click.status).toBe(200);
    const more = await standIn.waitFor((c) => c.path === '/response/click1');
    expect(more.body).toMatchObject({ text: 'more of q1', replace_original: false });
  });

  it('decodes blocks, answers users.info and replays failures', async () => {
    standIn = await startSlackStandIn();
    const client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: standIn.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });

    const sent = await client.chat.postMessage({
      channel: 'C1',
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }],
    });
    expect(sent.ts).toMatch(/^\d+\.\d{6}$/);
    expect(sent.message?.bot_id).toBe(standIn.botId);
    const call = await standIn.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.blocks[0].type).toBe('section');

    standIn.setUserInfo('U9', { is_admin: true });
    expect((await client.users.info({ user: 'U9' })).user).toMatchObject({ is_admin: true, is_owner: false });
    expect((await client.users.info({ user: 'U8' })).user).toMatchObject({
      is_admin: false,
      is_owner: false,
    });
    expect((await client.conversations.open({ users: 'U9' })).channel?.id).toBe('D9');

    standIn.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'y' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
    });
    standIn.failNext('chat.update', { body: { ok: false, error: 'message_not_found' } });
    await expect(client.chat.update({ channel: 'C1', ts: '1.2', text: 'z' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    // Only the next call fails.
    expect((await client.chat.update({ channel: 'C1', ts: '1.2', text: 'z' })).ok).toBe(true);
  });
});

describe('Slack stand-in, Socket Mode', () => {
  it('runs a slash command through a custom SocketModeReceiver', async () => {
    const s = await startSlackStandIn();
    standIn = s;
    const clientOptions = { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } };
    const receiver = new SocketModeReceiver({
      appToken: 'xapp-test',
      logLevel: LogLevel.ERROR,
      autoReconnectEnabled: false,
      installerOptions: { clientOptions },
    });
    const a = new App({ token: 'xoxb-test', receiver, logLevel: LogLevel.ERROR, clientOptions });
    app = a;
    let ran = '';
    a.command('/ask', async ({ ack, command, respond }) => {
      ran = command.text;
      await ack({ text: 'thinking' });
      await respond({ text: 'hi' });
    });

    await a.start();
    await s.socket.connected;
    const open = await s.waitFor((c) => c.method === 'apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-test');

    const ack = await s.socket.sendEnvelope(
      'slash_commands',
      slashCommandForm({ command: '/ask', text: 'who won?', responseUrl: s.responseUrl('sm1') }),
    );
    expect(ack.payload).toEqual({ text: 'thinking' });
    expect(ran).toBe('who won?');
    const responded = await s.waitFor((c) => c.path === '/response/sm1');
    expect(responded.body).toMatchObject({ text: 'hi' });
  });

  it('works with plain socketMode: true (clientOptions reach the socket client)', async () => {
    const s = await startSlackStandIn();
    standIn = s;
    const a = new App({
      token: 'xoxb-test',
      appToken: 'xapp-test',
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
    });
    app = a;
    a.event('app_mention', async ({ event, say }) => {
      await say({ text: 'answer', thread_ts: event.ts });
    });

    await a.start();
    await s.socket.connected;
    const ack = await s.socket.sendEnvelope(
      'events_api',
      eventCallback({
        event: {
          type: 'app_mention',
          user: 'U0ALICE',
          text: '<@U0BOT> hi',
          ts: '1700000000.000300',
          channel: 'C2',
        },
      }),
    );
    expect(ack.envelope_id).toEqual(expect.any(String));
    const posted = await s.waitFor((c) => c.method === 'chat.postMessage');
    expect(posted.body).toMatchObject({ channel: 'C2', thread_ts: '1700000000.000300', text: 'answer' });
  });

  it('lets the client reconnect after a disconnect request', async () => {
    const s = await startSlackStandIn();
    standIn = s;
    const clientOptions = { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } };
    // The reconnect delay is clientPingTimeout × consecutive failures: keep it short.
    const receiver = new SocketModeReceiver({
      appToken: 'xapp-test',
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 400,
      installerOptions: { clientOptions },
    });
    const a = new App({ token: 'xoxb-test', receiver, logLevel: LogLevel.ERROR, clientOptions });
    app = a;
    a.command('/ask', async ({ ack }) => {
      await ack('pong');
    });

    await a.start();
    await s.socket.connected;
    s.socket.requestDisconnect();
    await vi.waitFor(() => expect(s.socket.connectionCount).toBeGreaterThanOrEqual(2), {
      timeout: 2000,
      interval: 20,
    });
    await s.socket.connected;
    const ack = await s.socket.sendEnvelope(
      'slash_commands',
      slashCommandForm({ command: '/ask', text: '', responseUrl: s.responseUrl() }),
    );
    expect(ack.payload).toEqual({ text: 'pong' });
    expect(s.calls.filter((c) => c.method === 'apps.connections.open').length).toBeGreaterThanOrEqual(2);
  });
});
