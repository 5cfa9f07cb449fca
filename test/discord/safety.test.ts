import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/core/command.js';
import type { RecordedRequest } from '../../standins/discord.js';
import { directReply, type Harness, startHarness } from './harness.js';

const boom: Command = {
  name: 'boom',
  description: 'Always fails',
  handler() {
    throw new Error('handler exploded');
  },
};

/** Requests that carry a message the bot wrote (sends, replies, edits, follow-ups, interaction replies). */
function messageBodies(requests: RecordedRequest[]): Array<{ path: string; body: Record<string, unknown> }> {
  return requests.flatMap((r) => {
    if (r.method !== 'POST' && r.method !== 'PATCH') return [];
    if (r.path.startsWith('/interactions/')) {
      const type = r.body?.type;
      return type === 4 || type === 7 ? [{ path: r.path, body: r.body.data }] : [];
    }
    if (/^\/channels\/\d+\/messages(\/\d+)?$/.test(r.path) || r.path.startsWith('/webhooks/')) {
      return [{ path: r.path, body: r.body }];
    }
    return [];
  });
}

describe('no pings, and failures stay contained', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ commands: [...commands, boom] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a question with @everyone, @here, a role and a user mention pings no one, anywhere', async () => {
    const nasty = '@everyone @here <@&123456789012345678> <@123456789012345679> what phones did Xi give Lee?';
    const slash = h.discord.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: nasty }],
    });
    const edit = await directReply(h, slash.id);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.content).not.toMatch(/@everyone|@here/);

    const mention = h.discord.sendMessage({ content: nasty, mentionsBot: true });
    await h.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${mention.id}/messages`);
    const dm = h.discord.sendMessage({ content: nasty, dm: true });
    await h.discord.waitFor((r) => r.method === 'POST' && r.path === `/channels/${dm.channelId}/messages`);
    const thread = h.discord.requests.find((r) => r.path.endsWith(`/messages/${mention.id}/threads`));
    expect(thread?.body.name).not.toMatch(/<@/);

    const sent = messageBodies(h.discord.requests);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const { path, body } of sent) {
      expect(body.allowed_mentions, path).toEqual({ parse: [], replied_user: false });
    }
  });

  it('a failing handler gives the user a private "something went wrong" and is logged with the interaction id', async () => {
    const { id, token } = h.discord.sendSlashCommand({ name: 'boom' });
    // Answered at once, so the error is the private acknowledgement: nothing public to clean up.
    const error = await directReply(h, id);
    expect(error.body.flags & 64).toBe(64);
    expect(error.body.content).toMatch(/Something went wrong/);
    expect(error.body.content).toContain(`ref ${id}`);
    expect(error.body.allowed_mentions.parse).toEqual([]);
    expect(h.discord.requests.filter((r) => r.path.includes(token))).toHaveLength(1);
    const logged = h.logs.find((l) => l.msg === 'command failed' && l.ref === id);
    expect(logged).toMatchObject({ command: 'boom', platform: 'discord', level: 50 });
    expect(JSON.stringify(logged)).toContain('handler exploded');

    // …and the bot keeps answering.
    const next = h.discord.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'Who is John Delury?' }],
    });
    const answer = await directReply(h, next.id);
    expect(answer.body.embeds.some((e: { description: string }) => /Delury/.test(e.description))).toBe(true);
  });

  it('a reply Discord rejects is logged and the user still hears something', async () => {
    h.discord.failNext(
      (r) =>
        r.method === 'POST' && r.path.startsWith('/interactions/') && Boolean(r.body?.data?.embeds?.length),
      400,
      { code: 50035, message: 'Invalid Form Body' },
    );
    const { id } = h.discord.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'Who is John Delury?' }],
    });
    // The refused answer left the interaction unanswered: the notice is its private acknowledgement.
    const told = await directReply(h, id);
    expect(told.body.content).toContain(`ref ${id}`);
    expect(told.body.flags & 64).toBe(64);
    expect(told.body.content).toMatch(/couldn't deliver that answer/);
    expect(h.logs.some((l) => l.msg === 'reply could not be delivered' && l.ref === id)).toBe(true);
  });
});
