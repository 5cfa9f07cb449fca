import type { PassageHit, Range } from '../../core/types.js';
import { highlightPieces } from './text.js';

export interface MarkedPiece {
  text: string;
  /** A matched word (bold). */
  hit: boolean;
  /** Inside the sentence that answers. */
  marked: boolean;
}

/**
 * The range of the sentence to mark as the answer, or undefined when a mark would tell nothing: no word
 * matched (an anniversary's opening passage), or the sentence is the whole passage.
 */
export function answerMark(hit: Pick<PassageHit, 'text' | 'highlights' | 'bestSentence'>): Range | undefined {
  const { start, end } = hit.bestSentence;
  if (hit.highlights.length === 0) return undefined;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > hit.text.length)
    return undefined;
  if (end <= start || (!hit.text.slice(0, start).trim() && !hit.text.slice(end).trim())) return undefined;
  return snapToRuns(hit.text, { start, end });
}

/**
 * `mark` widened to whole runs of non-space characters: escapers work a run at a time (Discord's
 * `://` guard among them), so a mark edge inside a run could split what they must see whole.
 */
export function snapToRuns(text: string, mark: Range): Range {
  let { start, end } = mark;
  while (start > 0 && /\S/.test(text[start - 1] ?? '')) start--;
  while (end < text.length && /\S/.test(text[end] ?? '')) end++;
  return { start, end };
}

/** The part of `mark` inside the first `kept` characters (the text was cut to fit), if any. */
export function clipMark(mark: Range | undefined, kept: number): Range | undefined {
  return mark && mark.start < kept ? { start: mark.start, end: Math.min(mark.end, kept) } : undefined;
}

/**
 * {@link highlightPieces}, split again at the mark's edges, so a renderer styles the marked sentence
 * and the bold words inside it independently. A highlight straddling an edge is split with it.
 */
export function markedPieces(text: string, highlights: Range[], mark?: Range): MarkedPiece[] {
  const out: MarkedPiece[] = [];
  let at = 0;
  for (const piece of highlightPieces(text, highlights)) {
    const start = at;
    const end = at + piece.text.length;
    at = end;
    const cuts = [start, ...(mark ? [mark.start, mark.end] : []).filter((c) => c > start && c < end), end];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const s = cuts[i] as number;
      const e = cuts[i + 1] as number;
      const marked = mark !== undefined && s >= mark.start && e <= mark.end;
      out.push({ text: text.slice(s, e), hit: piece.hit, marked });
    }
  }
  return out;
}
