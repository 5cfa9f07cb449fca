import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { InFlight } from '../../src/lifecycle/inflight.js';
import { Metrics } from '../../src/observability/metrics.js';
import {
  eventCallback,
  postToBolt,
  type SlackCall,
  STANDIN_BOT_USER_ID,
  slashCommandForm,
} from '../../standins/slack.js';
import { countsPerTest } from '../support/metrics.js';
import { failOnUnhandledRejections } from '../support/unhandled.js';
import { allText } from './blocks-of.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

const XIAOMI = 'What phones did Xi give Lee?';
/** The library's own retry, made fast for tests (production: five retries over five minutes). */
const FAST_RETRY = { retries: 2, factor: 1, minTimeout: 1, maxTimeout: 5 };

failOnUnhandledRejections();

let ts = 1_700_000_100;
function mention(h: Harness, user = 'U0ALICE', text = XIAOMI) {
  const at = `${ts++}.000100`;
  const sent = postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
    json: eventCallback({
      event: { type: 'app_mention', user, text: `<@${STANDIN_BOT_USER_ID}> ${text}`, ts: at, channel: 'C1' },
    }),
  });
  return { ts: at, sent };
}
const inThread =
  (at: string, method = 'chat.postMessage') =>
  (c: SlackCall) =>
    c.method === method && c.body.thread_ts === at;

describe('Slack answering ratelimited and errors', () => {
  let h: Harness;
  const metrics = new Metrics();
  const inflight = new InFlight();
  const count = countsPerTest(metrics, inflight);
  const errors = (kind: string) => count(metrics.errors, { platform: 'slack', kind });

  beforeAll(async () => {
    h = await startHarness({ mode: 'http', services: { metrics, inflight }, retryConfig: FAST_RETRY });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('`ratelimited` (429 + retry-after) is waited out by the Web API client: the answer arrives, the wait is counted', async () => {
    h.standIn.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    });
    const m = mention(h);
    await vi.waitFor(() => expect(h.standIn.calls.filter(inThread(m.ts))).toHaveLength(2));
    expect(allText(h.standIn.calls.filter(inThread(m.ts))[1] as SlackCall)).toContain('Xiaomi');
    await vi.waitFor(async () =>
      expect(await count(metrics.questions, { platform: 'slack', outcome: 'answered' })).toBe(1),
    );
    expect(await errors('platform_rate_limited')).toBe(1);
    expect(await errors('delivery')).toBe(0);
  });

  it('HTTP 500s are retried by the client; when every try fails the asker is told privately', async () => {
    h.standIn.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'fatal_error' } });
    const ok = mention(h);
    await vi.waitFor(() => expect(h.standIn.calls.filter(inThread(ok.ts))).toHaveLength(2));

    h.standIn.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'fatal_error' } }, 3);
    const lost = mention(h);
    const told = await h.standIn.waitFor(inThread(lost.ts, 'chat.postEphemeral'));
    expect(told.body).toMatchObject({ channel: 'C1', user: 'U0ALICE' });
    expect(told.body.text).toMatch(/couldn't deliver that answer, please try again \(ref sl-[0-9a-f]+\)/);
    expect(h.standIn.calls.filter(inThread(lost.ts))).toHaveLength(3);
    expect(await errors('delivery')).toBe(1);
  });

  it('`internal_error` is not retried (the client retries only transport errors): told privately, counted', async () => {
    h.standIn.failNext('chat.postMessage', { body: { ok: false, error: 'internal_error' } });
    const lost = mention(h);
    const told = await h.standIn.waitFor(inThread(lost.ts, 'chat.postEphemeral'));
    expect(told.body.text).toMatch(/couldn't deliver that answer/);
    expect(h.standIn.calls.filter(inThread(lost.ts))).toHaveLength(1);
    expect(await errors('delivery')).toBe(1);
    expect(h.logs.find((l) => l.msg === 'reply could not be delivered')).toMatchObject({ level: 40 });
  });

  it('a response_url that refuses the answer and the notice falls back to chat.postEphemeral', async () => {
    h.standIn.failNext('response_url', { status: 500, body: { ok: false } }, 2);
    const res = await postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
      form: slashCommandForm({ command: '/ask', text: XIAOMI, responseUrl: h.standIn.responseUrl('lost') }),
    });
    expect(res.status).toBe(200);
    const told = await h.standIn.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body.channel === 'C0GENERAL',
    );
    expect(told.body).toMatchObject({ user: 'U0ALICE' });
    expect(told.body.text).toMatch(/couldn't deliver that answer/);
    expect(h.standIn.calls.filter((c) => c.path === '/response/lost')).toHaveLength(2);
    expect(await errors('delivery')).toBe(1);

    // …and the app keeps answering.
    await postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
      form: slashCommandForm({ command: '/ask', text: XIAOMI, responseUrl: h.standIn.responseUrl('after') }),
    });
    expect(allText(await h.standIn.waitFor((c) => c.path === '/response/after'))).toContain('Xiaomi');
    // Counted once the platform has taken it, which may be just after the stand-in saw it: wait, so the
    // count does not land in the next test.
    await vi.waitFor(async () =>
      expect(await count(metrics.questions, { platform: 'slack', outcome: 'answered' })).toBe(1),
    );
  });
});

describe('Slack rate limits', () => {
  let h: Harness;
  const metrics = new Metrics();
  const limiter = new RateLimiter(
    { user: { max: 2, windowMs: 30_000 }, channel: { max: 100, windowMs: 60_000 } },
    fixedClock('2026-03-01T12:00:00Z'),
  );
  const inflight = new InFlight();
  const count = countsPerTest(metrics, inflight);

  beforeAll(async () => {
    h = await startHarness({ mode: 'http', services: { metrics, inflight, rateLimiter: limiter } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a slash command over the limit is refused in the acknowledgement, privately, saying when to try again', async () => {
    const slash = (id: string, userId = 'U0ALICE') =>
      postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
        form: slashCommandForm({
          command: '/ask',
          text: XIAOMI,
          userId,
          responseUrl: h.standIn.responseUrl(id),
        }),
      });
    await slash('r1');
    await slash('r2');
    const refused = await slash('r3');
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.text)).toEqual({
      response_type: 'ephemeral',
      text: "You're asking quickly — try again in 30 s.",
    });
    expect(await count(metrics.rateLimited, { platform: 'slack', scope: 'user' })).toBe(1);
    await slash('r4', 'U0BOB');
    expect(allText(await h.standIn.waitFor((c) => c.path === '/response/r4'))).toContain('Xiaomi');
    expect(h.standIn.calls.some((c) => c.path === '/response/r3')).toBe(false);
  });

  it('a flood of mentions gets one private "slow down", not one per mention', async () => {
    const flood: string[] = [];
    for (const _ of [1, 2, 3, 4]) {
      const m = mention(h, 'U0CAROL');
      flood.push(m.ts);
      await m.sent;
    }
    const about = (c: SlackCall) => flood.includes(c.body.thread_ts);
    await vi.waitFor(() => expect(h.standIn.calls.filter(about)).toHaveLength(3));
    const later = mention(h, 'U0DAVE');
    await h.standIn.waitFor(inThread(later.ts));
    // Two answers, one notice, and nothing for the fourth.
    const calls = h.standIn.calls.filter(about);
    expect(calls.map((c) => c.method).sort()).toEqual([
      'chat.postEphemeral',
      'chat.postMessage',
      'chat.postMessage',
    ]);
    const notice = calls.find((c) => c.method === 'chat.postEphemeral');
    expect(notice?.body).toMatchObject({
      user: 'U0CAROL',
      text: expect.stringMatching(/You're asking quickly/),
    });
  });
});
