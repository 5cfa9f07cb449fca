import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/adapters/slack/action-ids.js';
import {
  blockActionPayload,
  eventCallback,
  postToBolt,
  type SlackCall,
  STANDIN_BOT_USER_ID,
  slashCommandForm,
} from '../../standins/slack.js';
import { allText, button, buttons, passageSections } from './blocks-of.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
  url = h.slack.eventsUrl ?? '';
});
afterAll(async () => {
  await h?.close();
});

const byPath = (id: string) => (c: SlackCall) => c.path === `/response/${id}`;

async function slash(command: string, text: string, id: string, userId?: string): Promise<SlackCall> {
  const res = await postToBolt(url, SIGNING_SECRET, {
    form: slashCommandForm({
      command,
      text,
      responseUrl: h.standIn.responseUrl(id),
      ...(userId ? { userId } : {}),
    }),
  });
  expect(res.status).toBe(200);
  return h.standIn.waitFor(byPath(id));
}

async function event(ev: Record<string, unknown>, eventId?: string, headers?: Record<string, string>) {
  const res = await postToBolt(
    url,
    SIGNING_SECRET,
    { json: eventCallback({ event: ev, ...(eventId ? { eventId } : {}) }) },
    headers ? { headers } : {},
  );
  expect(res.status).toBe(200);
}

const posted = (pred: (body: SlackCall['body']) => boolean) => (c: SlackCall) =>
  c.method === 'chat.postMessage' && pred(c.body);

describe('Slack adapter over HTTP (real Bolt app, signed requests)', () => {
  it('/ask answers privately with the Xiaomi passage, its source, Share and More buttons', async () => {
    const call = await slash('/ask', 'What phones did Xi give Lee?', 'ask1');
    expect(call.body.response_type).toBe('ephemeral');
    const text = allText(call);
    // A passage about the Xiaomi phones, matched terms in bold.
    expect(passageSections(call).join('\n')).toMatch(/two Xiaomi \*?(smartphones|cellphones)/);
    expect(passageSections(call).join('\n')).toContain('*phones*');
    expect(text).toContain('Xi Jinping');
    expect(text).toMatch(/📰 \*.+\* · Unknown publisher · 1 Nov 2025 · .*paragraph \d+ of \d+/);
    expect(text).toContain('“What phones did Xi give Lee?”');
    expect(call.body.text).toMatch(/passages match/);
    expect(buttons(call).map((b) => b.action_id)).toEqual([ACTION.share, ACTION.more]);
  });

  it('More results replaces the private answer with the next passages', async () => {
    const first = await slash('/ask', 'What phones did Xi give Lee?', 'more0');
    const more = button(first, ACTION.more);
    const payload = blockActionPayload({
      actionId: ACTION.more,
      value: more.value,
      responseUrl: h.standIn.responseUrl('more1'),
    }) as { container: { is_ephemeral: boolean } };
    payload.container.is_ephemeral = true;
    const res = await postToBolt(url, SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } });
    expect(res.status).toBe(200);
    const next = await h.standIn.waitFor(byPath('more1'));
    expect(next.body.replace_original).toBe(true);
    const before = passageSections(first);
    const after = passageSections(next);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after) expect(before).not.toContain(p);
    expect(allText(next)).toMatch(/showing 4–6/);
  });

  it('More results on a public answer sends the clicker a private next page', async () => {
    const first = await slash('/ask', 'What phones did Xi give Lee?', 'morepub0');
    const payload = blockActionPayload({
      actionId: ACTION.more,
      value: button(first, ACTION.more).value,
      responseUrl: h.standIn.responseUrl('morepub1'),
    });
    await postToBolt(url, SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } });
    const next = await h.standIn.waitFor(byPath('morepub1'));
    expect(next.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(allText(next)).toMatch(/showing 4–6/);
  });

  it('Share in channel posts the same answer publicly, attributed, and removes the private copy', async () => {
    const first = await slash('/ask', 'What phones did Xi give Lee?', 'share0');
    const payload = blockActionPayload({
      actionId: ACTION.share,
      value: button(first, ACTION.share).value,
      responseUrl: h.standIn.responseUrl('share1'),
    }) as { container: { is_ephemeral: boolean } };
    payload.container.is_ephemeral = true;
    await postToBolt(url, SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } });
    const shared = await h.standIn.waitFor(
      (c) => byPath('share1')(c) && c.body.response_type === 'in_channel',
    );
    expect(allText(shared)).toContain('Shared by <@U0ALICE>');
    expect(passageSections(shared)).toEqual(passageSections(first));
    expect(buttons(shared).map((b) => b.action_id)).not.toContain(ACTION.share);
    await h.standIn.waitFor((c) => byPath('share1')(c) && c.body.delete_original === true);
  });

  it('an expired button asks the user to ask again', async () => {
    const payload = blockActionPayload({
      actionId: ACTION.more,
      value: 'nosuchsess:0',
      responseUrl: h.standIn.responseUrl('expired'),
    });
    await postToBolt(url, SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } });
    const reply = await h.standIn.waitFor(byPath('expired'));
    expect(reply.body.text).toMatch(/expired.*ask again/i);
  });

  it('answers an app mention in the message thread, without the mention in the question', async () => {
    await event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@${STANDIN_BOT_USER_ID}> what phones did Xi give Lee?`,
      ts: '1700000000.000200',
      channel: 'C0GENERAL',
    });
    const reply = await h.standIn.waitFor(posted((b) => b.thread_ts === '1700000000.000200'));
    expect(reply.body.channel).toBe('C0GENERAL');
    expect(allText(reply)).toContain('“what phones did Xi give Lee?”');
    expect(passageSections(reply).join('\n')).toMatch(/two Xiaomi \*?(smartphones|cellphones)/);
    // Public answer: no Share button.
    expect(buttons(reply).map((b) => b.action_id)).toEqual([ACTION.more]);

    await event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@${STANDIN_BOT_USER_ID}> who is John Delury?`,
      ts: '1700000000.000900',
      thread_ts: '1700000000.000800',
      channel: 'C0GENERAL',
    });
    const inThread = await h.standIn.waitFor(posted((b) => b.thread_ts === '1700000000.000800'));
    expect(allText(inThread)).toContain('Delury');
  });

  it('answers a DM in the DM and ignores its own, bot and edited messages', async () => {
    const dm = (extra: Record<string, unknown>) => ({
      type: 'message',
      channel_type: 'im',
      channel: 'D0ALICE',
      user: 'U0ALICE',
      text: 'who is John Delury?',
      ...extra,
    });
    await event(dm({ user: STANDIN_BOT_USER_ID, ts: '1700000001.000001' }));
    await event(dm({ bot_id: 'B0OTHER', ts: '1700000001.000002' }));
    await event(dm({ subtype: 'message_changed', ts: '1700000001.000003' }));
    await event(dm({ ts: '1700000001.000004' }));
    const reply = await h.standIn.waitFor(posted((b) => b.channel === 'D0ALICE'));
    expect(reply.body.thread_ts).toBeUndefined();
    expect(allText(reply)).toContain('Delury');
    // Mark: a later DM in another channel is answered only after the ignored ones were processed.
    await event(dm({ channel: 'D0MARK', ts: '1700000001.000005' }));
    await h.standIn.waitFor(posted((b) => b.channel === 'D0MARK'));
    expect(h.standIn.calls.filter(posted((b) => b.channel === 'D0ALICE'))).toHaveLength(1);
  });

  it('answers a retried event (same event_id, x-slack-retry-num) once', async () => {
    const ev = {
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@${STANDIN_BOT_USER_ID}> Xiaomi lawsuit`,
      ts: '1700000002.000100',
      channel: 'C0GENERAL',
    };
    await event(ev, 'EvRETRY1');
    await event(ev, 'EvRETRY1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await event({ ...ev, ts: '1700000002.000200' }, 'EvRETRY2');
    await h.standIn.waitFor(posted((b) => b.thread_ts === '1700000002.000200'));
    await h.standIn.waitFor(posted((b) => b.thread_ts === '1700000002.000100'));
    expect(h.standIn.calls.filter(posted((b) => b.thread_ts === '1700000002.000100'))).toHaveLength(1);
  });

  it('rejects a bad or stale signature with 401 and answers nothing', async () => {
    const form = (id: string) =>
      slashCommandForm({ command: '/ask', text: 'Xiaomi', responseUrl: h.standIn.responseUrl(id) });
    const bad = await postToBolt(url, SIGNING_SECRET, { form: form('bad') }, { badSignature: true });
    const stale = await postToBolt(
      url,
      SIGNING_SECRET,
      { form: form('stale') },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect([bad.status, stale.status]).toEqual([401, 401]);
    await slash('/ask', 'Xiaomi', 'afterbad');
    expect(h.standIn.calls.filter((c) => c.path === '/response/bad' || c.path === '/response/stale')).toEqual(
      [],
    );
  });

  it('escapes <!channel>, <!here> and user mentions from the question in the reply', async () => {
    const call = await slash('/ask', '<!channel> <@U0BOB> what phones did Xi give Lee? & more', 'esc1');
    const raw = JSON.stringify(call.body);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<@U0BOB>');
    expect(allText(call)).toContain(
      '&lt;!channel&gt; &lt;@U0BOB&gt; what phones did Xi give Lee? &amp; more',
    );
    expect(call.body.text).not.toContain('<!channel>');

    await event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: `<@${STANDIN_BOT_USER_ID}> <!here> what phones did Xi give Lee?`,
      ts: '1700000003.000100',
      channel: 'C0GENERAL',
    });
    const reply = await h.standIn.waitFor(posted((b) => b.thread_ts === '1700000003.000100'));
    expect(JSON.stringify(reply.body)).not.toContain('<!here>');
    expect(allText(reply)).toContain('&lt;!here&gt;');
  });

  it('renders every command: onthisday, article, help, about', async () => {
    const day = await slash('/onthisday', 'show 2026-11-01', 'otd');
    expect(allText(day)).toMatch(/On this day, 1 Nov · 1 year ago/);
    expect(allText(day)).toMatch(/Published 1 Nov 2025/);
    const article = await slash('/article', 'backdoor', 'art');
    expect(allText(article)).toMatch(/\*Xi jokes 'You can check if there's a backdoor'/);
    const none = await slash('/article', 'Xi', 'art2');
    expect(allText(none)).toMatch(/No single article matches “Xi”/);
    expect(buttons(none).length).toBeGreaterThan(1);
    const help = await slash('/help', '', 'help');
    expect(allText(help)).toContain('`/ask &lt;question&gt; [private] [from] [to] [source]`');
    const about = await slash('/about', '', 'about');
    expect(allText(about)).toMatch(/2 articles/);
  });

  it('an article candidate button shows that article', async () => {
    const none = await slash('/article', 'Xi', 'cand0');
    const first = buttons(none)[0];
    if (!first) throw new Error('no candidate buttons');
    const payload = blockActionPayload({
      actionId: first.action_id,
      value: first.value,
      responseUrl: h.standIn.responseUrl('cand1'),
    });
    await postToBolt(url, SIGNING_SECRET, { form: { payload: JSON.stringify(payload) } });
    const shown = await h.standIn.waitFor(byPath('cand1'));
    expect(allText(shown)).toMatch(/words in \d+ passages/);
  });

  it('posts the daily "on this day" message and surfaces Slack error codes', async () => {
    const answers = (await import('./harness.js')).bundledAnswers;
    const result = (await answers()).onThisDay('2026-11-01');
    await h.slack.postOnThisDay('C0DAILY', result);
    const call = await h.standIn.waitFor(posted((b) => b.channel === 'C0DAILY'));
    expect(call.body.blocks[0]).toMatchObject({ type: 'header' });
    expect(call.body.blocks[0].text.text).toBe('On this day, 1 Nov · 1 year ago');
    expect(allText(call)).toContain('Xiaomi');
    expect(call.body.text).toContain('On this day');

    h.standIn.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await expect(h.slack.postOnThisDay('C0GONE', result)).rejects.toMatchObject({
      code: 'channel_not_found',
      message: expect.stringContaining('channel_not_found'),
    });
  });
});
