import { analysedText } from './analysed-text.js';

/**
 * A period that ends an initial ("Patrick F. Walsh") or a title before a name ("Dr. Kim"), not a
 * sentence: Intl.Segmenter breaks after both, which cuts a quoted sentence in two.
 */
const NOT_AN_END = /(?:^|[\s(“"'])(?:\p{Lu}|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St)\.$/u;
/** Longer than any match of NOT_AN_END, so testing a sentence's tail is testing the sentence. */
const END_TAIL = 8;
const WHITE = /\s/;
const UPPER_START = /^\p{Lu}/u;

/** Sentences of `text` as trimmed ranges, with breaks after initials and titles joined up. */
export function sentenceRanges(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let joinNext = false;
  let segStart = 0;
  for (const segEnd of analysedText(text).segmentEnds) {
    let start = segStart;
    let end = segEnd;
    segStart = segEnd;
    // Trimmed as String#trim does (\s is the same set of characters).
    while (start < end && WHITE.test(text[start] as string)) start++;
    while (end > start && WHITE.test(text[end - 1] as string)) end--;
    if (end <= start) continue;
    const last = out.at(-1);
    // Joined only when this segment goes on with a capitalised word, as a name after an initial does.
    if (joinNext && last && UPPER_START.test(text.slice(start, start + 2))) last.end = end;
    else out.push({ start, end });
    joinNext =
      NOT_AN_END.test(text.slice(Math.max(start, end - END_TAIL), end)) && !hasNewline(text, start, end);
  }
  return out;
}

function hasNewline(text: string, start: number, end: number): boolean {
  const at = text.indexOf('\n', start);
  return at !== -1 && at < end;
}
