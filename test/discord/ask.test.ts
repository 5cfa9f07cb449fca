import { GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackRecord } from '../../src/core/state.js';
import {
  buttonIds,
  buttonLabels,
  callback,
  directReply,
  followUp,
  type Harness,
  messageWithButton,
  startHarness,
} from './harness.js';

interface Embed {
  title: string;
  description: string;
  footer: { text: string };
}

const XIAOMI = 'What phones did Xi give Lee?';
const ask = (question: string, extra: Array<{ name: string; type: number; value: unknown }> = []) => [
  { name: 'question', type: 3, value: question },
  ...extra,
];

describe('Discord bot: ready, /ask, More results, Share', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reaches ready with Guilds, GuildMessages and DirectMessages only (no MessageContent)', () => {
    expect(h.platform.client.isReady()).toBe(true);
    expect(h.platform.client.user?.id).toBe(h.discord.botUser.id);
    const intents = BigInt(h.discord.identify.intents);
    const wanted =
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
    expect(intents).toBe(BigInt(wanted));
    expect(intents & BigInt(GatewayIntentBits.MessageContent)).toBe(0n);
  });

  it('/ask answers at once, in one request, with the passage about the Xiaomi phones and its source', async () => {
    const { id, token } = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
    // The answer is the acknowledgement itself (type 4): no "thinking…", no edit behind the global limit.
    const edit = await directReply(h, id);
    expect((edit.body.flags ?? 0) & 64).toBe(0);
    expect(h.discord.requests.filter((r) => r.path.includes(token))).toHaveLength(1);
    const embeds = edit.body.embeds as Embed[];
    expect(embeds.length).toBeGreaterThan(0);
    const xiaomi = embeds.find((e) => /two Xiaomi (\*\*)?(smart|cell)?phones/.test(e.description));
    expect(xiaomi, 'an embed quoting the Xiaomi passage, matched terms in bold').toBeDefined();
    expect(xiaomi?.description).toMatch(/\*\*Xi\*\*.*\*\*Lee\*\*/s);
    expect(xiaomi?.title).toMatch(/Xi/);
    expect(xiaomi?.footer.text).toMatch(/Unknown publisher · 1 Nov 2025 · .*paragraph \d+ of \d+/);
    expect(edit.body.content).toContain('What phones did Xi give Lee?');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(buttonLabels(edit.body)).toContain('More results');
    // No feedback store is wired in this deployment: no 👍/👎 pretending to record anything.
    expect(buttonLabels(edit.body)).not.toContain('👍');
    expect(buttonLabels(edit.body)).not.toContain('Share to channel');
  });

  it('More results posts the next, different passages and drops the button it came from', async () => {
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask('Xi joke espionage Lee') });
    const first = await directReply(h, id);
    const moreId = buttonIds(first.body).find((c) => c.includes(':more:'));
    expect(moreId).toBeDefined();
    const messageId = await messageWithButton(h, h.discord.channelId, moreId as string);

    const click = h.discord.sendButton({ customId: moreId as string, messageId });
    // The acknowledgement updates the clicked message (type 7): "More results" is gone from it.
    const cb = await callback(h, click.id);
    expect(cb.body.type).toBe(7);
    expect(buttonIds(cb.body.data)).not.toContain(moreId);
    // A public answer without a feedback store had only that button.
    expect(cb.body.data.components).toEqual([]);
    expect(cb.body.data.allowed_mentions.parse).toEqual([]);
    const next = await followUp(h, click.token);
    const firstTexts = first.body.embeds.map((e: { description: string }) => e.description);
    const nextTexts = next.body.embeds.map((e: { description: string }) => e.description);
    expect(nextTexts.length).toBeGreaterThan(0);
    for (const t of nextTexts) expect(firstTexts).not.toContain(t);
    expect(next.body.embeds[0].author.name).toMatch(/^Passage 4 of \d+$/);
    expect(next.body.allowed_mentions.parse).toEqual([]);
    expect(buttonIds(h.discord.getMessage(messageId))).not.toContain(moreId);
  });

  it('private:true answers ephemerally with Share to channel, which posts it publicly', async () => {
    const { id } = h.discord.sendSlashCommand({
      name: 'ask',
      options: ask(XIAOMI, [{ name: 'private', type: 5, value: true }]),
    });
    const edit = await directReply(h, id);
    expect(edit.body.flags & 64).toBe(64);
    const shareId = buttonIds(edit.body).find((c) => c.includes(':share:'));
    expect(shareId).toBeDefined();

    const messageId = await messageWithButton(h, h.discord.channelId, shareId as string);
    const click = h.discord.sendButton({ customId: shareId as string, messageId });
    const shared = await callback(h, click.id);
    expect(shared.body.type).toBe(4);
    expect((shared.body.data.flags ?? 0) & 64).toBe(0);
    expect(shared.body.data.content).toContain(`<@${h.discord.user.id}> shared`);
    expect(shared.body.data.allowed_mentions.parse).toEqual([]);
    expect(shared.body.data.embeds.map((e: { description: string }) => e.description)).toEqual(
      edit.body.embeds.map((e: { description: string }) => e.description),
    );
  });

  it('a question nothing answers gets a short, kind message and no empty embed', async () => {
    const { id } = h.discord.sendSlashCommand({
      name: 'ask',
      options: ask('quarterly earnings of Tesla'),
    });
    const edit = await directReply(h, id);
    expect(edit.body.embeds).toEqual([]);
    expect(edit.body.content).toMatch(/Nothing in the archive answers that/);
    expect(edit.body.components).toEqual([]);
  });

  it('a button from before a restart answers "ask again", privately', async () => {
    const click = h.discord.sendButton({ customId: 'arc1:more:gone123456:3' });
    const cb = await callback(h, click.id);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags & 64).toBe(64);
    expect(cb.body.data.content).toMatch(/expired.*ask again/i);
  });

  it('/help, /about and /article render embeds', async () => {
    const help = h.discord.sendSlashCommand({ name: 'help' });
    const helpEdit = await directReply(h, help.id);
    expect(helpEdit.body.flags & 64).toBe(64);
    expect(helpEdit.body.embeds[0].fields.map((f: { name: string }) => f.name).join(' ')).toContain('/ask');

    const about = h.discord.sendSlashCommand({ name: 'about' });
    const aboutEdit = await directReply(h, about.id);
    expect(aboutEdit.body.embeds[0].fields.find((f: { name: string }) => f.name === 'Articles').value).toBe(
      '2',
    );

    const article = h.discord.sendSlashCommand({
      name: 'article',
      options: [{ name: 'title', type: 3, value: 'xi-espionage-joke-explainer' }],
    });
    const articleEdit = await directReply(h, article.id);
    expect(articleEdit.body.embeds[0].title).toMatch(/espionage joke/);
    expect(articleEdit.body.embeds[0].fields.map((f: { name: string }) => f.name)).toContain('Sections');
  });
});

describe('Discord bot with a feedback store', () => {
  let h: Harness;
  const votes: Array<FeedbackRecord & { answerId: string }> = [];

  beforeAll(async () => {
    h = await startHarness({
      services: {
        feedback: {
          recordFeedback: async (r: (typeof votes)[number]) => {
            votes.push(r);
          },
        },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows 👍/👎 and records a vote with the question and the passages shown', async () => {
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask(XIAOMI) });
    const edit = await directReply(h, id);
    expect(buttonLabels(edit.body)).toEqual(expect.arrayContaining(['👍', '👎']));
    const upId = buttonIds(edit.body).find((c) => c.endsWith(':up')) as string;
    const messageId = await messageWithButton(h, h.discord.channelId, upId);

    const click = h.discord.sendButton({ customId: upId, messageId });
    const cb = await callback(h, click.id);
    expect(cb.body.data.flags & 64).toBe(64);
    expect(cb.body.data.content).toMatch(/Thanks/);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({
      platform: 'discord',
      vote: 'up',
      question: XIAOMI,
      userId: h.discord.user.id,
      channelId: h.discord.channelId,
    });
    expect(votes[0]?.passageIds.length).toBe(edit.body.embeds.length);
  });
});
