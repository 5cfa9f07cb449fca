import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderAlert as renderDiscord } from '../../src/adapters/discord/alert-render.js';
import { checkMessage as checkDiscord } from '../../src/adapters/discord/limits.js';
import { renderAlert as renderSlack } from '../../src/adapters/slack/alert-render.js';
import { checkMessage as checkSlack } from '../../src/adapters/slack/limits.js';
import { terminalAlertPoster } from '../../src/adapters/terminal/alert-render.js';
import type { Alert, AlertPost } from '../../src/core/alert-state.js';
import type { PassageHit, Source } from '../../src/core/types.js';

const long = (unit: string, n: number) => Array.from({ length: n }, () => unit).join(' ');
const alert: Alert = {
  id: 7,
  platform: 'discord',
  channelId: '1',
  search: `@everyone <!channel> ${long('keeper', 80)}`,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  baseline: 0,
};
const source = (i: number): Source => ({
  slug: `a-${i}`,
  title: `@here <@${i}> [x](https://evil.example) ${long('Lighthouse', 60)}`,
  date: '2026-03-01',
  publisher: `<!here> ${long('Herald', 40)}`,
  url: `https://news.example/${'p'.repeat(1800)}?q=(1)<2>|3`,
  path: 'a.md',
  position: { index: 1, count: 1 },
  offsets: { start: 0, end: 10 },
});
const hit: PassageHit = {
  id: 'a-1#1',
  score: 1,
  text: long('The lighthouse keeper said @everyone <!channel> [link](https://evil.example).', 120),
  highlights: [{ start: 4, end: 14 }],
  bestSentence: { text: 'The lighthouse keeper said', start: 0, end: 26 },
  source: source(1),
};
const posts: AlertPost[] = [
  { kind: 'article', alert, hit },
  { kind: 'burst', alert, count: 500, top: Array.from({ length: 10 }, (_, i) => source(i)) },
];

describe('alert posts stay within platform limits and cannot ping, whatever the articles hold', () => {
  it.each(posts)('Discord: $kind', (post) => {
    const msg = renderDiscord(post);
    expect(checkDiscord(msg)).toEqual([]);
    const all = JSON.stringify(msg);
    expect(all).not.toMatch(/(?<!\\)<@\d/);
    expect(msg.content).toMatch(/@\u200beveryone/);
    expect(msg.content).toMatch(/^🔔 /);
  });

  it.each(posts)('Slack: $kind', (post) => {
    const msg = renderSlack(post);
    expect(checkSlack(msg)).toEqual([]);
    const all = JSON.stringify(msg);
    expect(all).not.toMatch(/<!channel>|<!here>|<@\d|<https:\/\/evil/);
    expect(msg.text).toContain(post.kind === 'burst' ? '500 new articles matching' : 'New article matching');
  });
});

describe('the terminal prints alert posts as plain text', () => {
  it.each(posts)('$kind', async (post) => {
    let out = '';
    const output = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const hostile: AlertPost =
      post.kind === 'article'
        ? { ...post, hit: { ...post.hit, text: 'The lighthouse keeper \u001b[31mred\u001b[0m said so.' } }
        : post;
    await terminalAlertPoster(output)({ platform: 'terminal', channelId: 'terminal' }, hostile, 'k');
    expect(out).toMatch(/^\n🔔 (New article|500 new articles) matching/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none got through
    expect(out).not.toMatch(/\u001b/);
    if (post.kind === 'burst') expect(out).toMatch(/…and 490 more\./);
    else expect(out).toMatch(/lighthouse keeper red said so/);
  });
});
