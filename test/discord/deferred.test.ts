import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/core/command.js';
import { InFlight } from '../../src/lifecycle/inflight.js';
import { Metrics } from '../../src/observability/metrics.js';
import { countsPerTest } from '../support/metrics.js';
import { buttonLabels, callback, followUp, type Harness, originalEdit, startHarness } from './harness.js';

const XIAOMI = 'What phones did Xi give Lee?';

/** Handlers wait on this until the test opens it: slower than any reply budget, for as long as needed. */
let gate: { wait: Promise<void>; open: () => void } = { wait: Promise.resolve(), open: () => undefined };
function closeGate(): () => void {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  gate = { wait, open };
  return open;
}

/** /ask, answering once the gate opens. */
const slowAsk: Command = {
  name: 'slowask',
  description: 'Asks the archive, slowly',
  options: [
    { name: 'question', description: 'What you want to know', type: 'string', required: true },
    { name: 'private', description: 'Show the answer only to you', type: 'boolean' },
  ],
  async handler({ options }, { answers }) {
    await gate.wait;
    return {
      kind: 'answer',
      answer: await answers.ask(String(options.question)),
      private: options.private === true,
    };
  },
};

const slowBoom: Command = {
  name: 'slowboom',
  description: 'Fails, slowly',
  async handler() {
    await gate.wait;
    throw new Error('slow handler exploded');
  },
};

const ask = (question: string, priv = false) => [
  { name: 'question', type: 3, value: question },
  ...(priv ? [{ name: 'private', type: 5, value: true }] : []),
];

describe('a handler slower than the reply budget: deferred, then edited in', () => {
  let h: Harness;
  const metrics = new Metrics();
  const inflight = new InFlight();
  const count = countsPerTest(metrics, inflight);
  const delivery = () => count(metrics.errors, { platform: 'discord', kind: 'delivery' });

  beforeAll(async () => {
    // A budget of a few milliseconds, so the deferred path needs no 1.5 s wait; the gate keeps each
    // handler running until its deferral has been seen.
    h = await startHarness({
      commands: [...commands, slowAsk, slowBoom],
      services: { metrics, inflight },
      replyBudgetMs: 5,
    });
  });
  afterAll(async () => {
    gate.open();
    await h?.close();
  });

  it('acknowledges with "thinking…" (type 5), then edits the answer into @original', async () => {
    const open = closeGate();
    const { id, token } = h.discord.sendSlashCommand({ name: 'slowask', options: ask(XIAOMI) });
    const cb = await callback(h, id);
    expect(cb.body.type).toBe(5);
    expect((cb.body.data?.flags ?? 0) & 64).toBe(0);
    open();
    const edit = await originalEdit(h, token);
    expect(edit.body.embeds.some((e: { description: string }) => /Xiaomi/.test(e.description))).toBe(true);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    await vi.waitFor(async () =>
      expect(await count(metrics.questions, { platform: 'discord', outcome: 'answered' })).toBe(1),
    );
  });

  it('a private answer is deferred ephemerally', async () => {
    const open = closeGate();
    const { id, token } = h.discord.sendSlashCommand({ name: 'slowask', options: ask(XIAOMI, true) });
    expect((await callback(h, id)).body).toMatchObject({ type: 5, data: { flags: 64 } });
    open();
    const edit = await originalEdit(h, token);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(buttonLabels(edit.body)).toContain('Share to channel');
  });

  it('a slow failure is told privately and the public "thinking…" removed', async () => {
    const open = closeGate();
    const { id, token } = h.discord.sendSlashCommand({ name: 'slowboom' });
    expect((await callback(h, id)).body.type).toBe(5);
    open();
    const error = await followUp(h, token);
    expect(error.body.flags & 64).toBe(64);
    expect(error.body.content).toMatch(/Something went wrong/);
    expect(error.body.content).toContain(`ref ${id}`);
    expect(error.body.allowed_mentions.parse).toEqual([]);
    await h.discord.waitFor(
      (r) =>
        r.method === 'DELETE' &&
        r.path === `/webhooks/${h.discord.applicationId}/${token}/messages/@original`,
    );
    expect(h.logs.find((l) => l.msg === 'command failed' && l.ref === id)).toMatchObject({
      command: 'slowboom',
    });
    expect(await count(metrics.errors, { platform: 'discord', kind: 'handler' })).toBe(1);
  });

  it('an edit Discord keeps refusing is reported privately, logged and counted', async () => {
    const open = closeGate();
    const { id, token } = h.discord.sendSlashCommand({ name: 'slowask', options: ask(XIAOMI) });
    h.discord.failNext(
      (r) => r.method === 'PATCH' && r.path.includes(`/${token}/`) && Boolean(r.body?.embeds?.length),
      500,
      undefined,
      4,
    );
    expect((await callback(h, id)).body.type).toBe(5);
    open();
    const told = await followUp(h, token);
    expect(told.body.flags & 64).toBe(64);
    expect(told.body.content).toMatch(/couldn't deliver that answer/);
    expect(told.body.content).toContain(`ref ${id}`);
    expect(await delivery()).toBe(1);
    expect(h.logs.some((l) => l.msg === 'reply could not be delivered' && l.ref === id)).toBe(true);
  });

  it('a deferral Discord keeps refusing is reported privately, and the late answer is not sent', async () => {
    const open = closeGate();
    const { id, token } = h.discord.sendSlashCommand({ name: 'slowask', options: ask(XIAOMI) });
    h.discord.failNext(
      (r) => r.path.startsWith(`/interactions/${id}/`) && r.body?.type === 5,
      500,
      undefined,
      4,
    );
    const told = await h.discord.waitFor(
      (r) => r.path.startsWith(`/interactions/${id}/`) && r.body?.type === 4 && r.status === 204,
    );
    expect(told.body.data.flags & 64).toBe(64);
    expect(told.body.data.content).toMatch(/couldn't deliver that answer/);
    open();
    await vi.waitFor(() => expect(h.logs.some((l) => l.msg === 'event handled' && l.ref === id)).toBe(true));
    expect(h.discord.requests.some((r) => r.method === 'PATCH' && r.path.includes(`/${token}/`))).toBe(false);
    expect(await delivery()).toBe(1);
  });
});
