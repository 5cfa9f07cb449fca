import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command, CommandInput } from '../../src/core/command.js';
import { callback, directReply, type Harness, startHarness } from './harness.js';

/** A command shaped like the subcommand ones (/onthisday show|subscribe…), to check the generic wiring. */
const seen: CommandInput[] = [];
const notes: Command = {
  name: 'notes',
  description: 'Notes with subcommands',
  subcommands: [
    {
      name: 'add',
      description: 'Add a note',
      options: [
        {
          name: 'colour',
          description: 'A colour',
          type: 'string',
          autocomplete: (partial) =>
            ['red', 'green', 'grey', 'x'.repeat(150)]
              .filter((c) => c.startsWith(partial))
              .map((c) => ({ name: c, value: c.slice(0, 20) })),
        },
        { name: 'count', description: 'How many', type: 'integer' },
      ],
    },
    { name: 'list', description: 'List notes' },
  ],
  handler(input) {
    seen.push(input);
    return { kind: 'notice', tone: 'success', text: `ran ${input.subcommand}` };
  },
};

const onThisDaySub = commands.find((c) => c.name === 'onthisday')?.subcommands?.length ? 'show' : undefined;

describe('autocomplete, subcommands, /onthisday and the daily post', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ commands: [...commands, notes] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/article title autocomplete suggests matching titles (at most 25, names at most 100 characters)', async () => {
    const { id } = h.discord.sendAutocomplete({
      name: 'article',
      options: [{ name: 'title', type: 3, value: 'xi' }],
    });
    const cb = await callback(h, id);
    expect(cb.body.type).toBe(8);
    const choices = cb.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices.map((c) => c.value).sort()).toEqual([
      'xi-backdoor-joke-xiaomi-phones',
      'xi-espionage-joke-explainer',
    ]);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);

    const narrow = h.discord.sendAutocomplete({
      name: 'article',
      options: [{ name: 'title', type: 3, value: 'espionage' }],
    });
    const only = (await callback(h, narrow.id)).body.data.choices;
    expect(only).toEqual([
      {
        name: "Xi Jinping's espionage joke: what happened in Gyeongju and why it matters",
        value: 'xi-espionage-joke-explainer',
      },
    ]);
  });

  it('autocomplete inside a subcommand trims long names', async () => {
    const { id } = h.discord.sendAutocomplete({
      name: 'notes',
      subcommand: 'add',
      options: [{ name: 'colour', type: 3, value: '' }],
    });
    const choices = (await callback(h, id)).body.data.choices as Array<{ name: string }>;
    expect(choices).toHaveLength(4);
    expect(Math.max(...choices.map((c) => c.name.length))).toBeLessThanOrEqual(100);
  });

  it('passes the subcommand and its options to the handler', async () => {
    const { id } = h.discord.sendSlashCommand({
      name: 'notes',
      subcommand: 'add',
      options: [
        { name: 'colour', type: 3, value: 'red' },
        { name: 'count', type: 4, value: 3 },
      ],
    });
    const edit = await directReply(h, id);
    expect(edit.body.content).toBe('✅ ran add');
    expect(seen.at(-1)).toEqual({ subcommand: 'add', options: { colour: 'red', count: 3 } });
  });

  it('/onthisday with a date shows the articles of that day in earlier years', async () => {
    const { id } = h.discord.sendSlashCommand({
      name: 'onthisday',
      ...(onThisDaySub ? { subcommand: onThisDaySub } : {}),
      options: [{ name: 'date', type: 3, value: '2026-11-01' }],
    });
    const edit = await directReply(h, id);
    expect(edit.body.content).toMatch(/On this day, 1 Nov/);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.embeds[0].author.name).toMatch(/1 Nov 2025 · 1 year ago/);
  });

  it('postOnThisDay sends the daily post to the channel as embeds', async () => {
    const result = h.answers.onThisDay('2026-11-01');
    expect(result.items.length).toBeGreaterThan(0);
    // Only requests from here on: the refused-post test shares this channel.
    const seen = h.discord.requests.length;
    await h.platform.postOnThisDay(h.discord.channelId, result);
    const post = h.discord.requests
      .slice(seen)
      .find((r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages`);
    if (!post) throw new Error('the daily post did not reach the channel');
    expect(post.status).toBe(200);
    expect(post.body.content).toContain('On this day, 1 Nov');
    expect(post.body.embeds).toHaveLength(result.items.length);
    const titles = post.body.embeds.map((e: { title: string }) => e.title);
    expect(titles).toEqual(result.items.map((i) => i.title));
    for (const e of post.body.embeds) {
      expect(e.author.name).toMatch(/(Published|Mentioned) 1 Nov 2025 · 1 year ago/);
      expect(e.description.length).toBeGreaterThan(20);
      expect(e.footer.text).toMatch(/Unknown publisher · 1 Nov 2025/);
    }
    expect(post.body.allowed_mentions.parse).toEqual([]);
  });

  it('postOnThisDay fails with the Discord error code, for the scheduler to count', async () => {
    const result = h.answers.onThisDay('2026-11-01');
    h.discord.failNext(
      (r) => r.method === 'POST' && r.path === `/channels/${h.discord.channelId}/messages`,
      403,
      {
        code: 50013,
        message: 'Missing Permissions',
      },
    );
    await expect(h.platform.postOnThisDay(h.discord.channelId, result)).rejects.toMatchObject({
      code: 50013,
      message: expect.stringContaining('(code 50013)'),
    });
    await expect(h.platform.postOnThisDay('123456789012345678', result)).rejects.toMatchObject({
      code: 10003,
    });
  });
});
