import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordMessage } from '../../src/adapters/discord/limits.js';
import { escapeText } from '../../src/adapters/discord/markdown.js';
import { renderAnswer, renderOnThisDay, renderResult } from '../../src/adapters/discord/render.js';
import type { Answer, ArticleView, OnThisDay, PassageHit } from '../../src/core/types.js';
import { rangesFor } from './arbitraries.js';
import { directReply, type Harness, startHarness } from './harness.js';

/** Issue 13, item 1: nothing the bot sends on Discord may carry a link a question or an article put there. */

const ARTICLE_URL = 'https://news.example/article';
const EVIL = [
  'quokka census <https://ok.example>[qlink](http://evil.example/q2)',
  'http://ok.example<[x](http://evil.example)',
];

/** Link syntax Discord would act on in markdown text, once every backslash-escaped character is set aside. */
function liveLinks(md: string): string[] {
  const bare = md.replace(/\\[\s\S]/g, '\u0000');
  return bare.match(/\]\(|<https?:|[a-z][\w+.-]*:\/\/|[<[]/gi) ?? [];
}

/** Fields Discord shows without markdown: no escapes, so no `://` at all. */
const plainLinks = (s: string) => s.match(/:\/\/|[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g) ?? [];

/** Every problem in a message: live links in markdown text, `://` in plain fields, an embed url not the article's. */
function linksIn(msg: DiscordMessage): string[] {
  const found: string[] = [];
  const md = (where: string, s: string | undefined) => {
    for (const l of liveLinks(s ?? '')) found.push(`${where}: ${l} in ${JSON.stringify(s)}`);
  };
  md('content', msg.content);
  msg.embeds.forEach((e: APIEmbed, i) => {
    md(`embed ${i} title`, e.title);
    md(`embed ${i} description`, e.description);
    for (const f of e.fields ?? []) {
      md(`embed ${i} field name`, f.name);
      md(`embed ${i} field value`, f.value);
    }
    for (const s of [e.footer?.text ?? '', e.author?.name ?? ''])
      for (const l of plainLinks(s)) found.push(`embed ${i} footer/author: ${JSON.stringify(l)} in ${s}`);
    if (e.url !== undefined && e.url !== ARTICLE_URL) found.push(`embed ${i} url ${e.url}`);
  });
  for (const b of msg.components.flatMap((r) => r.components))
    for (const l of plainLinks(b.label ?? '')) found.push(`button: ${l}`);
  return found;
}

const piece = fc.constantFrom(
  'http://',
  'https://',
  'HTTPS://',
  'steam://',
  'ok.example',
  'evil.example/q2',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
  '[x](',
  '](',
  '<http',
  '<https://ok.example>',
  '[qlink](http://evil.example/q2)',
  '<@123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '<:e:123456789012345678>',
  '<t:1700000000>',
  '@everyone',
  ':',
  '//',
  '\\',
  '*',
  '`',
  '|',
  ' ',
  '\n',
  '. ',
  '\u202e',
  '\u2066',
  '\u200f',
  ...EVIL,
);
const linky = fc
  .array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), {
    maxLength: 40,
  })
  .map((xs) => xs.join(''));

const hit: fc.Arbitrary<PassageHit> = linky.chain((text) =>
  fc.record({
    id: fc.constant('a#1'),
    score: fc.constant(1),
    text: fc.constant(text),
    highlights: rangesFor(text),
    bestSentence: fc.constant({ text: text.slice(0, 20), start: 0, end: Math.min(20, text.length) }),
    source: fc.record({
      slug: fc.constant('a'),
      title: linky,
      date: fc.constant('2025-11-01'),
      publisher: linky,
      url: fc.constant(ARTICLE_URL),
      author: linky,
      path: fc.constant('a.md'),
      heading: linky,
      position: fc.constant({ index: 1, count: 2 }),
      offsets: fc.constant({ start: 0, end: 1 }),
    }),
  }),
);

describe('Discord renderer: no injected links (fast-check)', () => {
  it('answers, echoed questions and passages carry no live link but the article url', () => {
    fc.assert(
      fc.property(linky, fc.array(hit, { minLength: 0, maxLength: 4 }), (question, passages) => {
        const answer: Answer = {
          question,
          terms: [],
          passages,
          total: passages.length + 3,
          offset: 0,
          limit: 3,
          suggestions: [question],
          fuzzy: false,
          tookMs: 1,
          ...(passages.length ? {} : { reason: 'too-long' as const }),
        };
        expect(linksIn(renderAnswer(answer, { sessionId: 'abcdefghij', private: true }))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('on-this-day posts, article views, candidates and notices carry none either', () => {
    fc.assert(
      fc.property(linky, fc.array(hit, { minLength: 1, maxLength: 3 }), fc.array(linky), (s, hits, tags) => {
        const day: OnThisDay = {
          date: '2026-11-01',
          items: hits.map((h) => ({
            slug: 'a',
            title: s,
            date: '2025-11-01',
            yearsAgo: 1,
            kind: 'published' as const,
            passage: h,
          })),
        };
        const first = hits[0] as PassageHit;
        const article: ArticleView = {
          meta: {
            slug: 'a',
            title: s,
            date: '2025-11-01',
            source: s,
            author: s,
            url: ARTICLE_URL,
            tags,
            path: 'a.md',
          },
          passages: hits.map((h, i) => ({
            id: `a#${i + 1}`,
            slug: 'a',
            text: h.text,
            heading: h.source.heading ?? '',
            index: i + 1,
            count: hits.length,
            start: 0,
            end: h.text.length,
          })),
          words: 10,
        };
        const msgs = [
          renderOnThisDay(day),
          renderResult({ kind: 'article', query: s, article, candidates: [] }),
          renderResult({ kind: 'article', query: s, candidates: tags.map((t) => ({ slug: 'a', title: t })) }),
          renderResult({ kind: 'notice', tone: 'info', text: s }),
          renderAnswer({ ...answerOf(first), question: s }),
        ];
        for (const msg of msgs) expect(linksIn(msg)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('the attack run’s questions come back inert', () => {
    for (const q of EVIL) {
      const md = escapeText(q);
      expect(liveLinks(md)).toEqual([]);
      expect(md).not.toMatch(/https?:\/\//);
    }
  });
});

function answerOf(h: PassageHit): Answer {
  return {
    question: '',
    terms: [],
    passages: [h],
    total: 1,
    offset: 0,
    limit: 3,
    suggestions: [],
    fuzzy: false,
    tookMs: 1,
  };
}

describe('Discord end to end: injected links in a slash command, a mention (and its thread) and a DM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const questions = [
    'what phones did Xi give Lee <https://ok.example>[qlink](http://evil.example/q2) \u202e',
    'what phones did Xi give Lee http://ok.example<[x](http://evil.example) \u2066',
  ];

  it('answers with every link inert, and names the thread without one', async () => {
    for (const q of questions) {
      const slash = h.discord.sendSlashCommand({
        name: 'ask',
        options: [{ name: 'question', type: 3, value: q }],
      });
      const reply = await directReply(h, slash.id);
      expect(reply.body.embeds.length).toBeGreaterThan(0);
      expect(linksIn(asMessage(reply.body))).toEqual([]);

      const mention = h.discord.sendMessage({ content: q, mentionsBot: true });
      const thread = await h.discord.waitFor((r) => r.path.endsWith(`/messages/${mention.id}/threads`));
      expect(plainLinks(thread.body.name)).toEqual([]);
      expect(thread.body.name).toContain('what phones did Xi give Lee');
      const inThread = await h.discord.waitFor(
        (r) => r.method === 'POST' && r.path === `/channels/${mention.id}/messages`,
      );
      expect(inThread.body.content).toContain('what phones did Xi give Lee');
      expect(linksIn(asMessage(inThread.body))).toEqual([]);

      const dm = h.discord.sendMessage({ content: q, dm: true });
      const dmReply = await h.discord.waitFor(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${dm.channelId}/messages` &&
          r.body.message_reference?.message_id === dm.id,
      );
      expect(linksIn(asMessage(dmReply.body))).toEqual([]);
    }
  });
});

// biome-ignore lint/suspicious/noExplicitAny: recorded bodies are untyped JSON.
function asMessage(body: any): DiscordMessage {
  return {
    ...(body.content !== undefined ? { content: body.content } : {}),
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    allowedMentions: { parse: [], repliedUser: false },
  };
}
