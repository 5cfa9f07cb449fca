import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { ACTION } from '../../src/adapters/slack/action-ids.js';
import type { Command } from '../../src/core/command.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';
import {
  blockActionPayload,
  eventCallback,
  postToBolt,
  type SlackCall,
  STANDIN_BOT_USER_ID,
  slashCommandForm,
} from '../../standins/slack.js';
import { allText, button, buttons } from './blocks-of.js';
import { type Harness, type HarnessOptions, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness | undefined;
let store: SqliteStateStore | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  store?.close();
  store = undefined;
});

async function start(o: Partial<HarnessOptions> = {}): Promise<Harness> {
  h = await startHarness({ mode: 'http', ...o });
  return h;
}

async function slash(
  x: Harness,
  command: string,
  text: string,
  id: string,
  userId?: string,
): Promise<SlackCall> {
  const form = slashCommandForm({
    command,
    text,
    responseUrl: x.standIn.responseUrl(id),
    ...(userId ? { userId } : {}),
  });
  const res = await postToBolt(x.slack.eventsUrl ?? '', SIGNING_SECRET, { form });
  expect(res.status).toBe(200);
  return x.standIn.waitFor((c) => c.path === `/response/${id}`);
}

const boom: Command = {
  name: 'boom',
  description: 'Fails on purpose',
  handler() {
    throw new Error('kaput');
  },
};

const whoami: Command = {
  name: 'whoami',
  description: 'Says whether the caller may manage the channel',
  handler: (_input, ctx) => ({ kind: 'notice', tone: 'info', text: `admin=${ctx.user.canManageChannel}` }),
};

describe('Slack adapter: failures, feedback and users', () => {
  it('a refused bot token stops the start with what to fix', async () => {
    await expect(
      startHarness({
        mode: 'socket',
        beforeStart: (s) => s.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } }),
      }),
    ).rejects.toThrow(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token/);
  });

  it('a failing handler gets a short message with a ref, is logged, and the next question is answered', async () => {
    const x = await start({ commands: [...commands, boom] });
    const failed = await slash(x, '/boom', '', 'boom1');
    const ref = /\(ref (sl-[0-9a-f]+)\)/.exec(failed.body.text)?.[1];
    expect(ref).toBeDefined();
    expect(failed.body.response_type).toBe('ephemeral');
    expect(x.logs.find((l) => l.ref === ref && l.level === 50)).toMatchObject({ command: 'boom' });
    const next = await slash(x, '/ask', 'What phones did Xi give Lee?', 'boom2');
    expect(allText(next)).toContain('Xiaomi');
  });

  it('a failed reply (response_url or chat.postMessage error) is reported and the app keeps answering', async () => {
    const x = await start();
    x.standIn.failNext('response_url', { status: 500, body: { ok: false } });
    await postToBolt(x.slack.eventsUrl ?? '', SIGNING_SECRET, {
      form: slashCommandForm({ command: '/ask', text: 'Xiaomi', responseUrl: x.standIn.responseUrl('rf') }),
    });
    const sorry = await x.standIn.waitFor(
      (c) => c.path === '/response/rf' && typeof c.body.text === 'string' && /ref sl-/.test(c.body.text),
    );
    expect(sorry.body.response_type).toBe('ephemeral');

    x.standIn.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    const mention = (ts: string) =>
      postToBolt(x.slack.eventsUrl ?? '', SIGNING_SECRET, {
        json: eventCallback({
          event: {
            type: 'app_mention',
            user: 'U0ALICE',
            text: `<@${STANDIN_BOT_USER_ID}> Xiaomi`,
            ts,
            channel: 'C1',
          },
        }),
      });
    await mention('1700000010.000100');
    // Told privately: the failed delivery is nobody else's business.
    const apology = await x.standIn.waitFor(
      (c) => c.method === 'chat.postEphemeral' && /ref sl-/.test(String(c.body.text)),
    );
    expect(apology.body).toMatchObject({ thread_ts: '1700000010.000100', user: 'U0ALICE', channel: 'C1' });
    expect(apology.body.text).toMatch(/couldn't deliver that answer/);
    expect(x.logs.some((l) => l.msg === 'reply could not be delivered')).toBe(true);
    await mention('1700000010.000200');
    const ok = await x.standIn.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000010.000200',
    );
    expect(allText(ok)).toContain('Xiaomi');
  });

  it('shows 👍/👎 only with a feedback store, and records the vote there', async () => {
    const without = await start();
    const plain = await slash(without, '/ask', 'What phones did Xi give Lee?', 'nofb');
    expect(buttons(plain).map((b) => b.action_id)).not.toContain(ACTION.voteUp);
    await without.close();
    h = undefined;

    store = SqliteStateStore.open(':memory:');
    const x = await start({ services: { feedback: store } });
    const answer = await slash(x, '/ask', 'What phones did Xi give Lee?', 'fb0');
    const up = button(answer, ACTION.voteUp);
    expect(button(answer, ACTION.voteDown).value).toBe(up.value);
    const payload = blockActionPayload({
      actionId: ACTION.voteUp,
      value: up.value,
      responseUrl: x.standIn.responseUrl('fb1'),
    });
    await postToBolt(x.slack.eventsUrl ?? '', SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } });
    const thanks = await x.standIn.waitFor((c) => c.path === '/response/fb1');
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(thanks.body.text).toMatch(/👍/);
    expect(store.feedbackTotals()).toEqual([{ answerId: up.value.split(':')[0], up: 1, down: 0 }]);
  });

  it('tells admins from other users (users.info, cached per user)', async () => {
    const x = await start({ commands: [...commands, whoami] });
    x.standIn.setUserInfo('U0ADMIN', { is_admin: true });
    x.standIn.setUserInfo('U0OWNER', { is_owner: true });
    expect((await slash(x, '/whoami', '', 'w1', 'U0ADMIN')).body.text).toContain('admin=true');
    expect((await slash(x, '/whoami', '', 'w2', 'U0OWNER')).body.text).toContain('admin=true');
    expect((await slash(x, '/whoami', '', 'w3', 'U0ALICE')).body.text).toContain('admin=false');
    await slash(x, '/whoami', '', 'w4', 'U0ADMIN');
    expect(
      x.standIn.calls.filter((c) => c.method === 'users.info' && c.body.user === 'U0ADMIN'),
    ).toHaveLength(1);
  });

  it('serves prefixed slash commands and uses the prefix in help', async () => {
    const x = await start({ prefix: 'arch-' });
    const answer = await slash(x, '/arch-ask', 'What phones did Xi give Lee?', 'p1');
    expect(allText(answer)).toContain('Xiaomi');
    const help = await slash(x, '/arch-help', '', 'p2');
    expect(allText(help)).toContain('`/arch-ask &lt;question&gt; [private] [from] [to] [source]`');
    expect(allText(help)).not.toMatch(/`\/ask /);
  });
});
