import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAnswer, renderOnThisDay } from '../../src/adapters/slack/blocks.js';
import { type SlackMessage, sendable } from '../../src/adapters/slack/limits.js';
import { renderResult } from '../../src/adapters/slack/render.js';
import type { Answer, PassageHit } from '../../src/core/types.js';
import { rangesIn } from './arbitraries.js';

/** Issue 13, item 1 on Slack: no link but the article's own, whatever the question or passage holds. */

const ARTICLE_URL = 'https://news.example/article';
/** The article's own link, as the renderers write it. */
const OUR_LINK = new RegExp(`<${ARTICLE_URL.replace(/[.]/g, '\\.')}\\|(link|read the original)>`, 'g');

const piece = fc.constantFrom(
  'http://',
  'https://',
  'evil.example',
  '<',
  '>',
  '|',
  '&',
  '&lt;',
  '&gt;',
  '<https://evil.example|click>',
  '<http://evil.example>',
  '[x](http://evil.example)',
  '<!channel>',
  '<@U1>',
  '<#C1|general>',
  '#general',
  ' ',
  '\u202e',
);
const linky = fc
  .array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 30 })
  .map((xs) => xs.join(''));

const hit: fc.Arbitrary<PassageHit> = linky.chain((text) =>
  fc.record({
    id: fc.constant('a#1'),
    score: fc.constant(1),
    text: fc.constant(text),
    highlights: rangesIn(text),
    bestSentence: fc.constant({ text, start: 0, end: text.length }),
    source: fc.record({
      slug: fc.constant('a'),
      title: linky,
      date: fc.constant('2025-11-01'),
      publisher: linky,
      url: fc.constant(ARTICLE_URL),
      path: fc.constant('a.md'),
      heading: linky,
      position: fc.constant({ index: 1, count: 2 }),
      offsets: fc.constant({ start: 0, end: 1 }),
    }),
  }),
);

/** Every mrkdwn text object in the blocks, with its flags. */
function mrkdwnObjects(blocks: unknown): Array<{ text: string; verbatim?: boolean }> {
  const out: Array<{ text: string; verbatim?: boolean }> = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      const o = v as { type?: unknown; text?: unknown; verbatim?: boolean };
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push({ text: o.text, verbatim: o.verbatim });
      else for (const x of Object.values(v)) visit(x);
    }
  };
  visit(blocks);
  return out;
}

/** A `<…>` Slack would read as a link, mention or command, other than the article link we wrote. */
function injected(msg: SlackMessage): string[] {
  const texts = [msg.text, ...mrkdwnObjects(msg.blocks).map((o) => o.text)];
  return texts.flatMap((t) => t.replace(OUR_LINK, '').match(/<[^>]*>?|[<>]/g) ?? []);
}

function check(msg: SlackMessage) {
  expect(injected(msg)).toEqual([]);
  // Without verbatim, Slack turns a bare URL or #channel in quoted text into a link.
  for (const o of mrkdwnObjects(msg.blocks)) expect(o.verbatim, o.text).toBe(true);
}

describe('Slack renderer: no injected links (fast-check)', () => {
  it('answers, on-this-day posts, articles and notices', () => {
    fc.assert(
      fc.property(linky, fc.array(hit, { minLength: 1, maxLength: 3 }), (q, hits) => {
        const answer: Answer = {
          question: q,
          terms: [],
          passages: hits,
          total: 5,
          offset: 0,
          limit: 3,
          suggestions: [],
          fuzzy: false,
          tookMs: 1,
        };
        const first = hits[0] as PassageHit;
        check(renderAnswer(answer, { sessionId: 'abcDEF1234', share: true }));
        check(renderAnswer({ ...answer, passages: [], reason: 'no-match', suggestions: [q] }));
        check(
          renderOnThisDay({
            date: '2026-11-01',
            items: hits.map((h) => ({
              slug: 'a',
              title: q,
              date: '2025-11-01',
              yearsAgo: 1,
              kind: 'published',
              passage: h,
            })),
          }),
        );
        check(
          renderResult({
            kind: 'article',
            query: q,
            candidates: [],
            article: {
              meta: {
                slug: 'a',
                title: q,
                date: '2025-11-01',
                source: q,
                author: q,
                url: ARTICLE_URL,
                tags: [q],
                path: 'a.md',
              },
              passages: [
                { id: 'a#1', slug: 'a', heading: q, text: first.text, index: 1, count: 1, start: 0, end: 1 },
              ],
              words: 3,
            },
          }),
        );
        check(renderResult({ kind: 'notice', tone: 'info', text: q }));
        check(
          sendable(
            { text: renderAnswer(answer).text, blocks: Array(60).fill({ type: 'divider' }) },
            () => {},
          ),
        );
      }),
      { numRuns: 200 },
    );
  });
});
