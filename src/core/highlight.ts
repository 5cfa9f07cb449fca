import { analysedText, TermSet } from './analysed-text.js';
import { sentenceRanges } from './sentences.js';
import type { Range } from './types.js';

/** Ranges of the words in `text` whose index terms are among `matched` (the terms the search hit). */
export function highlightRanges(text: string, matched: ReadonlySet<string>): Range[] {
  const out: Range[] = [];
  if (matched.size === 0) return out;
  const { starts, ends, terms } = analysedText(text);
  const set = new TermSet(matched);
  for (let i = 0; i < terms.length; i++) {
    const own = terms[i];
    if (own && set.hasAny(own)) out.push({ start: starts[i] as number, end: ends[i] as number });
  }
  return out;
}

/**
 * A line of its own ending in "?" with a paragraph after it: an FAQ question the chunker joined to its
 * answer. It repeats the asker's words, so it would always win, yet it answers nothing.
 */
function isQuestionLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end);
  return (
    line.endsWith('?') &&
    !line.includes('\n') &&
    (start === 0 || text[start - 1] === '\n') &&
    /^[^\S\n]*\n\s*\n\s*\S/.test(text.slice(end))
  );
}

/**
 * The sentence holding the most distinct matched terms (ties go to the earlier one): what a reader
 * should see first when only one line fits. An FAQ question line is passed over for its answer.
 */
export function bestSentence(text: string, highlights: Range[]): { text: string } & Range {
  let best: ({ text: string } & Range) | undefined;
  let bestScore = -1;
  for (const { start, end } of sentenceRanges(text)) {
    if (isQuestionLine(text, start, end)) continue;
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
