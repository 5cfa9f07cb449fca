const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * A period that ends an initial ("Patrick F. Walsh") or a title before a name ("Dr. Kim"), not a
 * sentence: Intl.Segmenter breaks after both, which cuts a quoted sentence in two.
 */
const NOT_AN_END = /(?:^|[\s(“"'])(?:\p{Lu}|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St)\.$/u;

/** Sentences of `text` as trimmed ranges, with breaks after initials and titles joined up. */
export function sentenceRanges(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let joinNext = false;
  for (const seg of segmenter.segment(text)) {
    const start = seg.index + (seg.segment.length - seg.segment.trimStart().length);
    const end = seg.index + seg.segment.trimEnd().length;
    if (end <= start) continue;
    const last = out.at(-1);
    // Joined only when this segment goes on with a capitalised word, as a name after an initial does.
    if (joinNext && last && /^\p{Lu}/u.test(text.slice(start, end))) last.end = end;
    else out.push({ start, end });
    joinNext = NOT_AN_END.test(text.slice(start, end)) && !text.slice(start, end).includes('\n');
  }
  return out;
}
