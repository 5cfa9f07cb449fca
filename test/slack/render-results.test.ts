import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/adapters/slack/limits.js';
import { renderResult } from '../../src/adapters/slack/render.js';
import type { CommandResult } from '../../src/core/command.js';
import type { ArticleView, Passage } from '../../src/core/types.js';
import { expectNoControlSequences, hugeText, text, url } from './arbitraries.js';

const passage: fc.Arbitrary<Passage> = fc.record({
  id: fc.constant('a#1'),
  slug: fc.constant('a'),
  heading: fc.option(hugeText, { nil: undefined }),
  text: hugeText,
  index: fc.nat(99),
  count: fc.nat(99),
  start: fc.constant(0),
  end: fc.constant(1),
});

const article: fc.Arbitrary<ArticleView> = fc.record({
  meta: fc.record({
    slug: fc.constant('a'),
    title: hugeText,
    date: fc.constant('2025-11-01'),
    source: hugeText,
    url,
    author: fc.option(hugeText, { nil: undefined }),
    tags: fc.array(text(6), { maxLength: 30 }),
    path: fc.constant('a.md'),
  }),
  passages: fc.array(passage, { maxLength: 60 }),
  words: fc.nat(1_000_000),
});

const result = fc.oneof(
  fc.record({
    kind: fc.constant('notice' as const),
    tone: fc.constantFrom('info', 'success', 'error' as const),
    text: hugeText,
  }),
  fc.record({ kind: fc.constant('article' as const), query: hugeText, article, candidates: fc.constant([]) }),
  fc.record({
    kind: fc.constant('article' as const),
    query: hugeText,
    candidates: fc.array(fc.record({ slug: text(5), title: hugeText }), { maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('help' as const),
    commands: fc.array(
      fc.record({ name: fc.constantFrom('ask', 'x'), description: hugeText, usage: hugeText }),
      {
        maxLength: 60,
      },
    ),
  }),
);

describe('Slack rendering of every other result kind', () => {
  it('keeps notices, articles, candidates and help within limits and escaped', () => {
    fc.assert(
      fc.property(result, fc.constantFrom('', 'arch-'), (r, prefix) => {
        const msg = renderResult(r as CommandResult, { prefix });
        expect(checkMessage(msg)).toEqual([]);
        expectNoControlSequences(msg);
      }),
      { numRuns: 150 },
    );
  });
});
