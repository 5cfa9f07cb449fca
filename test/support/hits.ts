import { processTerm } from '../../src/core/analysis.js';
import { bestSentence, highlightRanges } from '../../src/core/highlight.js';
import type { Answer, PassageHit } from '../../src/core/types.js';

/** A hit over `text` matching the words of `question`, as the answer service builds it. */
export function hitFor(text: string, question: string): PassageHit {
  const terms = new Set(question.split(/\W+/).flatMap((w) => processTerm(w) ?? []));
  const highlights = highlightRanges(text, terms);
  return {
    id: 'faq#1',
    score: 1,
    text,
    highlights,
    bestSentence: bestSentence(text, highlights),
    source: {
      slug: 'faq',
      title: 'FAQ',
      date: '2025-11-01',
      publisher: 'Unknown publisher',
      path: 'data/articles/faq.md',
      position: { index: 1, count: 1 },
      offsets: { start: 0, end: text.length },
    },
  };
}

/** A one-passage answer to `question` (default the Xiaomi question). */
export const answerOf = (hit: PassageHit, question = 'What phones did Xi give Lee?'): Answer => ({
  question,
  terms: [],
  passages: [hit],
  total: 1,
  offset: 0,
  limit: 3,
  suggestions: [],
  fuzzy: false,
  tookMs: 1,
});
