import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampText } from '../../src/adapters/discord/limits.js';
import { cutGraphemes, trimAtSentence } from '../../src/adapters/shared/text.js';
import { renderAnswer } from '../../src/adapters/slack/blocks.js';
import { fitEscaped, LIMITS, sendable } from '../../src/adapters/slack/limits.js';
import type { PassageHit } from '../../src/core/types.js';
import { answerOf } from '../support/hits.js';

/** Issue 13, item 7: every cut lands between graphemes, on every platform. */

const CLUSTERS = [
  '👨‍👩‍👧‍👦', // ZWJ family
  '🧑🏿‍🤝‍🧑🏻', // ZWJ with skin tones
  '👍🏽',
  '🇰🇷',
  '🇺🇸',
  '🏳️‍🌈',
  '1️⃣',
  '❤️',
  'e\u0301', // combining acute
  'Z\u0351\u036b\u0343\u036a\u0302', // stacked combining marks
  'क्षि',
  '각',
  'a',
  'x',
  ' ',
  '. ',
  '? ',
  '&',
  '<',
];
const text = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(...CLUSTERS), { maxLength: 80 }).map((xs) => xs.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
);
const withMax = text.chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t.length + 3 })));

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Lengths of every prefix of `s` that is made of whole graphemes. */
function boundaries(s: string): Set<number> {
  const out = new Set([0]);
  for (const { index, segment } of segmenter.segment(s)) out.add(index + segment.length);
  return out;
}
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `cut` is `source`, or whole graphemes of it (then, when `ellipsis`, the ellipsis); within `max`. */
function expectGraphemeCut(source: string, cut: string, max: number, ellipsis: boolean) {
  expect(cut.length).toBeLessThanOrEqual(max);
  expect(cut).not.toMatch(LONE);
  if (cut === source) return;
  const body = ellipsis ? cut.replace(/ ?…$/, '') : cut;
  expect(source.startsWith(body), JSON.stringify({ source, cut })).toBe(true);
  expect(boundaries(source).has(body.length), JSON.stringify({ source, cut })).toBe(true);
}

const fromMrkdwn = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('cuts at grapheme boundaries (fast-check)', () => {
  it('the shared helpers: cutGraphemes and trimAtSentence', () => {
    fc.assert(
      fc.property(withMax, ([t, max]) => {
        expectGraphemeCut(t, cutGraphemes(t, max), max, false);
        expectGraphemeCut(t, trimAtSentence(t, max), max, true);
      }),
      { numRuns: 1000 },
    );
  });

  it('Discord clampText and Slack fitEscaped', () => {
    fc.assert(
      fc.property(withMax, ([t, max]) => {
        expectGraphemeCut(t, clampText(t, max), max, true);
        const slack = fitEscaped(t, max);
        expect(slack.length).toBeLessThanOrEqual(max);
        expectGraphemeCut(t, fromMrkdwn(slack), Number.POSITIVE_INFINITY, true);
      }),
      { numRuns: 500 },
    );
  });

  it('Slack fallback text: a long emoji question is cut whole, and the plain-text fallback too', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CLUSTERS.filter((c) => c.length > 1)), fc.nat(3), (emoji, shift) => {
        const question = `${'a'.repeat(shift)}${emoji.repeat(700)}`;
        const hit: PassageHit = {
          id: 'a#1',
          score: 1,
          text: 'Xi gave Lee two phones.',
          highlights: [],
          bestSentence: { text: 'Xi gave Lee two phones.', start: 0, end: 23 },
          source: {
            slug: 'a',
            title: emoji.repeat(300),
            date: '2025-11-01',
            publisher: 'P',
            path: 'a.md',
            position: { index: 1, count: 1 },
            offsets: { start: 0, end: 1 },
          },
        };
        const msg = renderAnswer(answerOf(hit, question));
        expect(msg.text).not.toMatch(LONE);
        const raw = `1 passage match “${question}”: ${hit.bestSentence.text} (${hit.source.title})`;
        expectGraphemeCut(raw, msg.text, 1000, true);

        const long = `${'a'.repeat(shift)}${emoji.repeat(LIMITS.fallbackText)}`;
        const fallback = sendable({ text: long, blocks: Array(60).fill({ type: 'divider' }) }, () => {});
        expectGraphemeCut(long, fallback.text, LIMITS.fallbackText, false);
      }),
      { numRuns: 60 },
    );
  });
});
