import { processTerm, tokensWithOffsets } from './analysis.js';
import type { Range } from './types.js';

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Ranges of the words in `text` whose index terms are among `matched` (the terms the search hit). */
export function highlightRanges(text: string, matched: ReadonlySet<string>): Range[] {
  const out: Range[] = [];
  for (const tok of tokensWithOffsets(text)) {
    const terms = processTerm(tok.word);
    if (terms?.some((t) => matched.has(t))) out.push({ start: tok.start, end: tok.end });
  }
  return out;
}

/**
 * The sentence holding the most distinct matched terms (ties go to the earlier one): what a reader
 * should see first when only one line fits.
 */
export function bestSentence(text: string, highlights: Range[]): { text: string } & Range {
  let best: ({ text: string } & Range) | undefined;
  let bestScore = -1;
  for (const seg of sentenceSegmenter.segment(text)) {
    const start = seg.index + (seg.segment.length - seg.segment.trimStart().length);
    const end = seg.index + seg.segment.trimEnd().length;
    if (end <= start) continue;
    const words = new Set(
      highlights
        .filter((h) => h.start >= start && h.end <= end)
        .map((h) => text.slice(h.start, h.end).toLowerCase()),
    );
    if (words.size > bestScore) {
      bestScore = words.size;
      best = { text: text.slice(start, end), start, end };
    }
  }
  return best ?? { text, start: 0, end: text.length };
}
