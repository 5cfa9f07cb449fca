import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { InFlight } from '../../src/lifecycle/inflight.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { RecordedRequest } from '../../standins/discord.js';
import { countsPerTest } from '../support/metrics.js';
import { failOnUnhandledRejections } from '../support/unhandled.js';
import { callback, directReply, type Harness, startHarness } from './harness.js';

const XIAOMI = 'What phones did Xi give Lee?';
const ask = (question: string) => [{ name: 'question', type: 3, value: question }];
/** The interaction callback that carries the answer (a notice has no embeds). */
const answerReply = (id: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`) && Boolean(r.body?.data?.embeds?.length);

/** Waits until the bot has logged handling interaction `id` (after the platform took the reply). */
const handled = (h: Harness, id: string) =>
  vi.waitFor(() => expect(h.logs.some((l) => l.msg === 'event handled' && l.ref === id)).toBe(true), {
    timeout: 5000,
  });

failOnUnhandledRejections();

describe('Discord answering 429 and 500s', () => {
  let h: Harness;
  const metrics = new Metrics();
  const inflight = new InFlight();
  const count = countsPerTest(metrics, inflight);
  const errors = (kind: string) => count(metrics.errors, { platform: 'discord', kind });

  beforeAll(async () => {
    h = await startHarness({ services: { metrics, inflight } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a 429 with retry_after is waited out by discord.js: the answer arrives and the wait is counted', async () => {
    h.discord.failNext(() => true, 429, {
      message: 'You are being rate limited.',
      retry_after: 0.05,
      global: false,
    });
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
    const edit = await directReply(h, id);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    await handled(h, id);
    expect(h.discord.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(await errors('platform_rate_limited')).toBe(1);
    expect(await errors('delivery')).toBe(0);
    expect(await count(metrics.questions, { platform: 'discord', outcome: 'answered' })).toBe(1);
  });

  it('500s are retried by discord.js, and the answer still arrives', async () => {
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
    h.discord.failNext(answerReply(id), 500, undefined, 2);
    const edit = await directReply(h, id);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(h.discord.requests.filter((r) => answerReply(id)(r)).map((r) => r.status)).toEqual([
      500, 500, 204,
    ]);
    expect(await errors('delivery')).toBe(0);
  });

  it('when every attempt fails, the user is told privately that the answer could not be delivered', async () => {
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
    h.discord.failNext(answerReply(id), 500, undefined, 10);
    // The interaction is still unanswered, so the notice is its (private) acknowledgement.
    const told = await directReply(h, id);
    expect(told.body.content).toMatch(/couldn't deliver that answer, please try again/);
    expect(told.body.content).toContain(`ref ${id}`);
    expect(told.body.flags & 64).toBe(64);
    // Four attempts: the first and discord.js's three retries.
    expect(h.discord.requests.filter((r) => answerReply(id)(r))).toHaveLength(4);
    expect(await errors('delivery')).toBe(1);
    expect(h.logs.find((l) => l.msg === 'reply could not be delivered' && l.ref === id)).toBeDefined();

    const next = h.discord.sendSlashCommand({ name: 'ask', options: ask('Who is John Delury?') });
    expect((await directReply(h, next.id)).body.embeds.length).toBeGreaterThan(0);
  });

  it('a mention whose answer cannot be posted gets a reply saying so', async () => {
    h.discord.failNext(
      (r) =>
        r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && Boolean(r.body?.embeds?.length),
      500,
      undefined,
      4,
    );
    const { id } = h.discord.sendMessage({ content: XIAOMI, mentionsBot: true });
    const told = await h.discord.waitFor(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${h.discord.channelId}/messages` &&
        r.body.message_reference?.message_id === id,
    );
    expect(told.status).toBe(200);
    expect(told.body.content).toMatch(/couldn't deliver that answer/);
    expect(told.body.allowed_mentions.parse).toEqual([]);
    expect(await errors('delivery')).toBe(1);
  });
});

describe('Discord rate limits and long questions', () => {
  let h: Harness;
  const metrics = new Metrics();
  const limiter = new RateLimiter(
    { user: { max: 2, windowMs: 30_000 }, channel: { max: 100, windowMs: 60_000 } },
    fixedClock('2026-03-01T12:00:00Z'),
  );
  const inflight = new InFlight();
  const count = countsPerTest(metrics, inflight);

  beforeAll(async () => {
    h = await startHarness({ services: { metrics, inflight, rateLimiter: limiter } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a user asking too quickly is told privately when to try again; others are still answered', async () => {
    for (const _ of [1, 2]) {
      const ok = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
      expect((await directReply(h, ok.id)).body.embeds.length).toBeGreaterThan(0);
    }
    const third = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
    const refused = await callback(h, third.id);
    expect(refused.body.type).toBe(4);
    expect(refused.body.data.flags & 64).toBe(64);
    expect(refused.body.data.content).toContain("You're asking quickly — try again in 30 s.");
    expect(await count(metrics.rateLimited, { platform: 'discord', scope: 'user' })).toBe(1);

    const other = h.discord.sendSlashCommand({
      name: 'ask',
      options: ask(XIAOMI),
      userId: '223456789012345678',
    });
    expect((await directReply(h, other.id)).body.embeds.length).toBeGreaterThan(0);
  });

  it('a flood of mentions gets one public "slow down", not one per mention', async () => {
    const authorId = '523456789012345678';
    const mention = () => h.discord.sendMessage({ content: XIAOMI, mentionsBot: true, authorId });
    const [, , third, fourth] = [mention(), mention(), mention(), mention()];
    const notice = await h.discord.waitFor((r) => r.body?.message_reference?.message_id === third?.id);
    expect(notice.body.content).toMatch(/You're asking quickly — try again in \d+ s\./);
    // Someone else's mention, sent after, is answered: by then the fourth one has been dealt with.
    const later = h.discord.sendMessage({
      content: XIAOMI,
      mentionsBot: true,
      authorId: '323456789012345678',
    });
    await h.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${later.id}/messages`);
    expect(h.discord.requests.some((r) => r.body?.message_reference?.message_id === fourth?.id)).toBe(false);
    expect(h.discord.requests.some((r) => r.path.includes(`/messages/${fourth?.id}/threads`))).toBe(false);
  });

  it('a question over the limit is refused with the limit named', async () => {
    const question = `${'Which phones did Xi give Lee and why '.repeat(16)}?`;
    const { id } = h.discord.sendSlashCommand({
      name: 'ask',
      options: ask(question),
      userId: '423456789012345678',
    });
    const edit = await directReply(h, id);
    await handled(h, id);
    expect(edit.body.embeds).toEqual([]);
    expect(edit.body.content).toContain(
      `That question is too long: ${question.length} characters, and I take at most 500.`,
    );
    expect(await count(metrics.questions, { platform: 'discord', outcome: 'refused' })).toBe(1);
  });
});
