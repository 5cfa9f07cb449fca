import fc from 'fast-check';
import { expect } from 'vitest';
import type { SlackMessage } from '../../src/adapters/slack/limits.js';
import type { Answer, PassageHit, Range } from '../../src/core/types.js';

/** fast-check material for the Slack renderer: text full of mrkdwn, mentions, entities and unicode. */

export const NASTY = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U1>',
  '<#C1|general>',
  '<https://evil.example|click>',
  '&',
  '&amp;',
  '&lt;',
  '*',
  '_',
  '~',
  '`',
  '>',
  '<',
  '|',
  '\n',
  '\n\n',
  ' ',
  '. ',
  '🙂',
  '한국어',
  'é',
  '\u200B',
];

export const piece = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('Xiaomi', 'phones', 'Lee', 'Xi'),
);
export const text = (maxPieces: number) => fc.array(piece, { maxLength: maxPieces }).map((xs) => xs.join(''));
export const hugeText = fc.oneof(
  text(40),
  text(400),
  fc
    .tuple(fc.constantFrom('&', '<', 'a', '. ', '<!channel>'), fc.integer({ min: 1000, max: 9000 }))
    .map(([s, n]) => s.repeat(n)),
);

/** Sorted, non-overlapping ranges inside `t`. */
export function rangesIn(t: string): fc.Arbitrary<Range[]> {
  if (t.length === 0) return fc.constant([]);
  return fc.uniqueArray(fc.integer({ min: 0, max: t.length }), { maxLength: 20 }).map((xs) => {
    const cuts = [...xs].sort((a, b) => a - b);
    const out: Range[] = [];
    for (let i = 0; i + 1 < cuts.length; i += 2) {
      const start = cuts[i] as number;
      const end = cuts[i + 1] as number;
      if (end > start) out.push({ start, end });
    }
    return out;
  });
}

export const url = fc.oneof(
  fc.constant(undefined),
  fc.webUrl(),
  fc.constantFrom(
    'javascript:alert(1)',
    'https://x.example/a|b>c<d&e f',
    'not a url',
    `https://x.example/${'a'.repeat(400)}`,
  ),
);

export const hit: fc.Arbitrary<PassageHit> = hugeText.chain((t) =>
  fc.record({
    id: fc.constant('a#1'),
    score: fc.double({ noNaN: true }),
    text: fc.constant(t),
    highlights: rangesIn(t),
    bestSentence: fc.constant({ text: t.slice(0, 300), start: 0, end: Math.min(300, t.length) }),
    source: fc.record({
      slug: fc.constant('a'),
      title: hugeText,
      date: fc.constantFrom('2025-11-01', '1999-02-28', ''),
      publisher: text(30),
      url,
      path: fc.constant('data/a.md'),
      heading: fc.option(hugeText, { nil: undefined }),
      position: fc.record({ index: fc.nat(99), count: fc.nat(99) }),
      offsets: fc.constant({ start: 0, end: 1 }),
    }),
  }),
);

export const answer: fc.Arbitrary<Answer> = fc
  .record({
    question: hugeText,
    passages: fc.array(hit, { maxLength: 14 }),
    offset: fc.nat(50),
    extra: fc.nat(40),
    suggestions: fc.array(text(10), { maxLength: 2 }),
    fuzzy: fc.boolean(),
    reason: fc.constantFrom(
      undefined,
      'no-match',
      'too-long',
      'empty-question',
      'no-meaningful-words' as const,
    ),
  })
  .map(({ extra, passages, reason, ...a }) => ({
    ...a,
    passages,
    terms: [],
    total: a.offset + passages.length + extra,
    limit: 3,
    tookMs: 1,
    ...(passages.length === 0 && reason ? { reason } : {}),
  }));

const OUR_LINK = /<https?:\/\/[^\s<>|]+\|[^<>|]*>/g;

/** Text Slack displays (mrkdwn and plain_text objects); button values are never shown or parsed. */
function shownTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      const o = v as { type?: unknown; text?: unknown };
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      else for (const x of Object.values(v)) visit(x);
    }
  };
  visit(blocks);
  return out;
}

/** Fails on any `<`/`>` we did not write ourselves, and on any `&` that is not an entity. */
export function expectNoControlSequences(msg: SlackMessage, sharedBy?: string) {
  for (const t of [msg.text, ...shownTexts(msg.blocks)]) {
    // A `>` opening a line is the answering sentence's quote, which the renderer writes itself.
    let rest = t.replace(OUR_LINK, '').replace(/^>/gm, '');
    if (sharedBy) rest = rest.replaceAll(`<@${sharedBy}>`, '');
    expect(rest).not.toMatch(/[<>]/);
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}
