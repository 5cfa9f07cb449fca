import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Command } from '../../src/core/command.js';
import { MemorySessionStore } from '../../src/core/memory-sessions.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { FeedbackRecord } from '../../src/core/state.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { ChatEvent, Outgoing, Refusal, Surface, Trigger } from '../../src/pipeline/events.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import type { Services } from '../../src/services.js';
import { testServices } from '../support/services.js';

let answers: AnswerService;
beforeAll(async () => {
  answers = new AnswerService(await openArchive({ dataDir: 'data/articles', cacheFile: false }), {
    defaultLimit: 1,
  });
});

/** A surface that records what the pipeline asked the platform to do, as a stand-in platform would. */
function recorder(opts: { fail?: boolean; defaultVisibility?: 'public' | 'private' } = {}) {
  const replies: Outgoing[] = [];
  const notices: Array<{ tone: string; text: string }> = [];
  const refusals: Refusal[] = [];
  const surface: Surface = {
    defaultVisibility: opts.defaultVisibility ?? 'public',
    async reply(out) {
      if (opts.fail) throw new Error('platform said 500');
      replies.push(out);
    },
    async replyPrivately(tone, text) {
      notices.push({ tone, text });
    },
    async refuse(r) {
      refusals.push(r);
    },
  };
  return { surface, replies, notices, refusals };
}

const event = (trigger: Trigger, user = 'U1'): ChatEvent => ({
  platform: 'slack',
  ref: 'r1',
  user: { id: user, canManageChannel: false },
  channel: { id: 'C1' },
  trigger,
});

const XIAOMI = 'What phones did Xi give Lee?';

describe('event pipeline', () => {
  function setup(over: Partial<Services> = {}) {
    const services = testServices(answers, { sessions: new MemorySessionStore(), ...over });
    return { services, pipeline: createPipeline(services) };
  }

  it('routes typed text once: a question, a /command by its definition, a bare command name, an unknown command', async () => {
    const { pipeline } = setup();
    const r = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    await pipeline.handle(event({ kind: 'text', text: '/about' }), r.surface);
    await pipeline.handle(event({ kind: 'text', text: 'help' }), r.surface);
    await pipeline.handle(event({ kind: 'text', text: '/nosuch thing' }), r.surface);
    expect(r.replies.map((o) => [o.result.kind, o.command, o.visibility])).toEqual([
      ['answer', 'ask', 'public'],
      ['about', 'about', 'public'],
      // help answers only the asker: its definition says so
      ['help', 'help', 'private'],
    ]);
    expect(r.notices).toEqual([{ tone: 'error', text: expect.stringContaining('/nosuch is not a command') }]);
  });

  it('gives an answer with passages a stored session owned by the asker, and none to a miss', async () => {
    const sessions = new MemorySessionStore();
    const { pipeline } = setup({ sessions });
    const r = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    await pipeline.handle(event({ kind: 'text', text: 'quokka census results' }), r.surface);
    const [hit, miss] = r.replies;
    expect(miss?.sessionId).toBeUndefined();
    const saved = await sessions.getSession(hit?.sessionId ?? '', new Date());
    expect(saved).toMatchObject({ question: XIAOMI, offset: 0, owner: { platform: 'slack', userId: 'U1' } });
  });

  it('pages with More results without counting against the question limit; past the end it says so', async () => {
    const clock = fixedClock('2026-05-01T10:00:00Z');
    const limiter = new RateLimiter({ user: { max: 1, windowMs: 60_000 } }, clock);
    const { pipeline } = setup({ rateLimiter: limiter, clock });
    const r = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    const first = r.replies[0];
    if (first?.result.kind !== 'answer' || !first.sessionId) throw new Error('expected an answer');
    const total = first.result.answer.total;
    expect(total).toBeGreaterThan(1);
    let session = first.sessionId;
    for (let offset = 1; offset < total; offset++) {
      await pipeline.handle(event({ kind: 'button', action: { kind: 'more', session, offset } }), r.surface);
      const page = r.replies.at(-1);
      expect(page?.intent).toBe('page');
      session = page?.sessionId ?? '';
    }
    expect(r.refusals).toEqual([]);
    await pipeline.handle(
      event({ kind: 'button', action: { kind: 'more', session, offset: total } }),
      r.surface,
    );
    expect(r.notices.at(-1)?.text).toBe('That was everything the archive has on this.');
    // The question limit still holds for questions.
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    expect(r.refusals).toHaveLength(1);
    expect(r.refusals[0]?.text).toMatch(/try again in 60 s/);
  });

  it('a session belongs to its asker: another user sharing it gets a private page, never a post in their name', async () => {
    const { pipeline } = setup();
    const r = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    const session = r.replies[0]?.sessionId ?? '';
    await pipeline.handle(
      event({ kind: 'button', action: { kind: 'share', session, offset: 0 } }, 'U2'),
      r.surface,
    );
    expect(r.replies.at(-1)).toMatchObject({ visibility: 'private', intent: 'answer' });
    expect(r.replies.at(-1)?.sharedBy).toBeUndefined();
    await pipeline.handle(
      event({ kind: 'button', action: { kind: 'share', session, offset: 0 } }, 'U1'),
      r.surface,
    );
    expect(r.replies.at(-1)).toMatchObject({ visibility: 'public', intent: 'share', sharedBy: 'U1' });
  });

  it('records a vote with the question and the passages shown; an unknown session has expired', async () => {
    const votes: FeedbackRecord[] = [];
    const { pipeline } = setup({ feedback: { recordFeedback: async (v) => void votes.push(v) } });
    const r = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    const out = r.replies[0];
    expect(out?.feedback).toBe(true);
    await pipeline.handle(
      event({ kind: 'button', action: { kind: 'vote', session: out?.sessionId ?? '', vote: 'down' } }, 'U9'),
      r.surface,
    );
    expect(votes).toEqual([expect.objectContaining({ userId: 'U9', vote: 'down', question: XIAOMI })]);
    await pipeline.handle(
      event({ kind: 'button', action: { kind: 'vote', session: 'nope', vote: 'up' } }),
      r.surface,
    );
    expect(r.notices.at(-1)?.text).toMatch(/expired/);
  });

  it('a failing handler is one private "something went wrong" with the ref, logged and counted', async () => {
    const boom: Command = {
      name: 'boom',
      description: 'fails',
      handler: () => Promise.reject(new Error('x')),
    };
    const metrics = new Metrics();
    const { pipeline } = setup({ commands: [...commands, boom], metrics });
    const r = recorder();
    await pipeline.handle(event({ kind: 'command', name: 'boom', input: { options: {} } }), r.surface);
    expect(r.replies).toEqual([]);
    expect(r.notices).toEqual([
      { tone: 'error', text: 'Something went wrong while answering (ref r1). Please try again.' },
    ]);
    expect(await metrics.count(metrics.errors, { platform: 'slack', kind: 'handler' })).toBe(1);
  });

  it('an answer the platform refuses is told privately as undelivered and counted; questions are counted by outcome', async () => {
    const metrics = new Metrics();
    const { pipeline } = setup({ metrics });
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), recorder({ fail: true }).surface);
    const ok = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), ok.surface);
    await pipeline.handle(event({ kind: 'text', text: 'quokka census results' }), ok.surface);
    expect(await metrics.count(metrics.errors, { platform: 'slack', kind: 'delivery' })).toBe(1);
    expect(await metrics.count(metrics.questions, { platform: 'slack', outcome: 'answered' })).toBe(1);
    expect(await metrics.count(metrics.questions, { platform: 'slack', outcome: 'no_answer' })).toBe(1);
  });

  it('while shutting down, every event is refused with "restarting" and nothing runs', async () => {
    const { pipeline, services } = setup();
    services.inflight.close();
    const r = recorder();
    await pipeline.handle(event({ kind: 'text', text: XIAOMI }), r.surface);
    expect(r.replies).toEqual([]);
    expect(r.refusals).toEqual([expect.objectContaining({ reason: 'restarting' })]);
  });

  it('announces a rate-limit refusal once per wait, naming the channel when the channel asks too much', async () => {
    const clock = fixedClock('2026-05-01T10:00:00Z');
    const limiter = new RateLimiter({ channel: { max: 1, windowMs: 5 * 60_000 } }, clock);
    const { pipeline } = setup({ rateLimiter: limiter, clock });
    const r = recorder();
    for (const user of ['U1', 'U2', 'U3'])
      await pipeline.handle(event({ kind: 'text', text: XIAOMI }, user), r.surface);
    expect(r.refusals.map((x) => [x.firstNotice, x.text])).toEqual([
      [true, 'This channel is asking me a lot right now — try again in 5 min.'],
      [false, 'This channel is asking me a lot right now — try again in 5 min.'],
    ]);
  });
});
