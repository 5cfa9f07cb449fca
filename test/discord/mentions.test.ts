import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

const QUESTION = 'what phones did Xi give Lee?';

describe('mentions and DMs', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a mention in a thread started on the message, named after the question', async () => {
    const { id } = h.discord.sendMessage({ content: QUESTION, mentionsBot: true });
    const thread = await h.discord.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages/${id}/threads`,
    );
    expect(thread.status).toBe(201);
    expect(thread.body.name).toBe(QUESTION);
    // A thread started on a message shares the message's id.
    const answer = await h.discord.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${id}/messages`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.content).toContain(QUESTION);
    expect(answer.body.content).not.toContain(`<@${h.discord.botUser.id}>`);
    expect(answer.body.embeds.some((e: { description: string }) => /Xiaomi/.test(e.description))).toBe(true);
    expect(answer.body.allowed_mentions.parse).toEqual([]);
  });

  it('answers a mention that nothing matches with a short reply, not a thread', async () => {
    const { id } = h.discord.sendMessage({ content: 'quarterly earnings of Tesla', mentionsBot: true });
    const reply = await h.discord.waitFor(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${h.discord.channelId}/messages` &&
        r.body.message_reference?.message_id === id,
    );
    expect(reply.body.content).toMatch(/Nothing in the archive answers that/);
    expect(reply.body.embeds).toEqual([]);
    expect(h.discord.requests.some((r) => r.path.endsWith(`/messages/${id}/threads`))).toBe(false);
  });

  it('answers a DM in the DM', async () => {
    const { id, channelId } = h.discord.sendMessage({ content: 'Who is John Delury?', dm: true });
    // The DM channel is shared with the other DM tests: pick the reply to this message.
    const answer = await h.discord.waitFor(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${channelId}/messages` &&
        r.body.message_reference?.message_id === id,
    );
    expect(
      answer.body.embeds.some((e: { description: string }) => /\*\*Delury\*\*/.test(e.description)),
    ).toBe(true);
    expect(answer.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('runs a typed command in a DM', async () => {
    const { channelId } = h.discord.sendMessage({ content: '/about', dm: true });
    const answer = await h.discord.waitFor(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${channelId}/messages` &&
        r.body.embeds?.[0]?.title?.startsWith('Archivist'),
    );
    expect(answer.status).toBe(200);
  });

  it('ignores bots, itself and messages that do not mention it', async () => {
    // Another bot (its own id: the stand-in marks the author as a bot for good).
    const fromBot = h.discord.sendMessage({
      content: QUESTION,
      mentionsBot: true,
      authorBot: true,
      authorId: '700000000000000001',
    });
    const fromSelf = h.discord.sendMessage({
      content: QUESTION,
      mentionsBot: true,
      authorId: h.discord.botUser.id,
    });
    const unmentioned = h.discord.sendMessage({ content: QUESTION });
    // Gateway events are handled in order: once this one is answered, the ones before were seen.
    const last = h.discord.sendMessage({ content: 'Who is John Delury?', mentionsBot: true });
    await h.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${last.id}/messages`);
    const touched = (id: string) => h.discord.requests.some((r) => r.path.includes(id));
    expect(touched(fromBot.id)).toBe(false);
    expect(touched(fromSelf.id)).toBe(false);
    expect(touched(unmentioned.id)).toBe(false);
  });
});

describe('mentions where threads are not allowed', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ threadsAllowed: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('falls back to a reply to the message', async () => {
    const { id } = h.discord.sendMessage({ content: QUESTION, mentionsBot: true });
    const refused = await h.discord.waitFor(
      (r) => r.path === `/channels/${h.discord.channelId}/messages/${id}/threads`,
    );
    expect(refused.status).toBe(403);
    const reply = await h.discord.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages`,
    );
    expect(reply.body.message_reference.message_id).toBe(id);
    expect(reply.body.embeds.length).toBeGreaterThan(0);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(h.logs.some((l) => l.msg === 'cannot start a thread; replying' && l.code === 50013)).toBe(true);
  });
});
