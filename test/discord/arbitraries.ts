import fc from 'fast-check';
import type { Answer, OnThisDay, PassageHit, Range, Source } from '../../src/core/types.js';

/** Generators for the renderer property tests: ordinary text, hostile markup, mentions, huge and odd unicode. */

const hostile = fc.constantFrom(
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '**',
  '*',
  '__',
  '_',
  '~~',
  '||',
  '`',
  '```',
  '\\',
  '# ',
  '\n# ',
  '\n> ',
  '\n- ',
  '\n1. ',
  '[link](https://example.com)',
  '<https://example.com>',
  '. ',
  '? ',
  '\n\n',
  '👍🏽',
  '🇰🇷',
  'é',
  '\u200b',
  '\ud83d',
);

const word = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 });

/** Mixed text: words, hostile pieces, full unicode; sometimes very long. */
export const text = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof(word, hostile, fc.constant(' ')), { maxLength: 120 }).map((p) => p.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(word, hostile), fc.integer({ min: 100, max: 2500 }))
      .map(([piece, n]) => `${piece} `.repeat(n)),
  },
);

/** Valid ranges (sorted, disjoint, inside the text), as the core promises — plus, sometimes, garbage. */
export function rangesFor(t: string): fc.Arbitrary<Range[]> {
  const valid = fc.uniqueArray(fc.integer({ min: 0, max: t.length }), { maxLength: 40 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: Range[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      const [start, end] = [sorted[i] as number, sorted[i + 1] as number];
      if (end > start) out.push({ start, end });
    }
    return out;
  });
  const garbage = fc.array(
    fc.record({ start: fc.integer({ min: -5, max: t.length + 5 }), end: fc.integer() }),
    {
      maxLength: 5,
    },
  );
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: garbage });
}

const isoDate = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export const source: fc.Arbitrary<Source> = fc.record(
  {
    slug: word,
    title: text,
    date: fc.oneof(isoDate, text),
    publisher: text,
    url: fc.oneof(fc.webUrl(), text),
    author: text,
    path: word,
    heading: text,
    position: fc.record({ index: fc.nat(500), count: fc.nat(500) }),
    offsets: fc.record({ start: fc.nat(), end: fc.nat() }),
  },
  { requiredKeys: ['slug', 'title', 'date', 'publisher', 'path', 'position', 'offsets'] },
);

export const passage: fc.Arbitrary<PassageHit> = text.chain((t) =>
  fc.record({
    id: word,
    score: fc.double({ noNaN: true }),
    text: fc.constant(t),
    highlights: rangesFor(t),
    bestSentence: fc.constant({ text: t.slice(0, 20), start: 0, end: Math.min(20, t.length) }),
    source,
  }),
);

export const answer: fc.Arbitrary<Answer> = fc
  .record({
    question: fc.oneof(text, fc.string({ maxLength: 5000 })),
    terms: fc.array(word, { maxLength: 5 }),
    passages: fc.array(passage, { maxLength: 12 }),
    extra: fc.nat(100),
    offset: fc.nat(1000),
    limit: fc.integer({ min: 1, max: 25 }),
    suggestions: fc.array(text, { maxLength: 3 }),
    reason: fc.option(
      fc.constantFrom('empty-question', 'too-long', 'no-meaningful-words', 'no-match' as const),
      {
        nil: undefined,
      },
    ),
    fuzzy: fc.boolean(),
    tookMs: fc.double({ min: 0, max: 1000, noNaN: true }),
  })
  .map(({ extra, reason, ...a }) => ({
    ...a,
    total: a.passages.length + extra,
    ...(reason ? { reason } : {}),
  }));

export const onThisDay: fc.Arbitrary<OnThisDay> = fc.record(
  {
    date: isoDate,
    items: fc.array(
      fc.record({
        slug: word,
        title: text,
        date: isoDate,
        yearsAgo: fc.nat(200),
        kind: fc.constantFrom('published' as const, 'mentioned' as const),
        passage,
      }),
      { maxLength: 14 },
    ),
    nearest: fc.record({ date: isoDate, daysAway: fc.integer({ min: -7, max: 7 }) }),
  },
  { requiredKeys: ['date', 'items'] },
);
