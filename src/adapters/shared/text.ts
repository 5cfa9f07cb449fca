import { describeFilters, hasFilters } from '../../core/filters.js';
import type { Answer, NoAnswerReason, OnThisDayItem, Range, Source } from '../../core/types.js';

/**
 * Wording shared by every adapter, so Discord, Slack and the terminal say the same thing. Only plain
 * text here: each adapter escapes and styles it for its platform.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-11-01` → `1 Nov 2025` (unambiguous across locales). */
export function humanDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function yearsAgoLabel(n: number): string {
  return n === 1 ? '1 year ago' : `${n} years ago`;
}

/** "section “Heading”, paragraph 5 of 18" */
export function partLabel(source: Source): string {
  const para = `paragraph ${source.position.index} of ${source.position.count}`;
  return source.heading ? `“${source.heading}”, ${para}` : para;
}

/** Publisher · date · which part: the line under a quoted passage, as plain text. */
export function sourceDetails(source: Source): string {
  return [source.publisher, humanDate(source.date), partLabel(source)].join(' · ');
}

export function noAnswerText(answer: Answer, maxQuestionChars = 500): string {
  // Passages matched, but the page asked for starts after the last of them (`--offset 1000`).
  if (!answer.reason && answer.total > 0 && answer.offset >= answer.total) {
    const only = answer.total === 1 ? 'Only 1 passage matches' : `Only ${answer.total} passages match`;
    return `${only} that, so there are none from number ${answer.offset + 1} on.`;
  }
  const reasons: Record<NoAnswerReason, string> = {
    'empty-question': 'Ask me a question about the news archive, for example: “What phones did Xi give Lee?”',
    'too-long': `That question is too long: ${answer.question.length} characters, and I take at most ${maxQuestionChars}. Try asking it in a sentence or two.`,
    'no-meaningful-words': 'I need a few words that say what you are looking for: a name, a place, a topic.',
    'no-match': 'Nothing in the archive answers that.',
    'no-match-in-filters': `Nothing in the archive ${answer.filters ? describeFilters(answer.filters) : ''} answers that. Try without the dates or the publisher.`,
  };
  const base = reasons[answer.reason ?? 'no-match'];
  const hint = answer.suggestions[0] ? ` Did you mean “${answer.suggestions[0]}”?` : '';
  return base + hint;
}

/** ` · since 2025-01-01, from Reuters`: the filters an answer was asked with, for its header. */
export function filtersNote(answer: Answer): string {
  return answer.filters && hasFilters(answer.filters) ? ` · ${describeFilters(answer.filters)}` : '';
}

export function onThisDayHeading(date: string, nearest?: { date: string; daysAway: number }): string {
  if (!nearest) return `On this day, ${humanDate(date).replace(/ \d+$/, '')}`;
  const n = Math.abs(nearest.daysAway);
  const when = `${n} day${n === 1 ? '' : 's'} ${nearest.daysAway < 0 ? 'before' : 'after'}`;
  return `Nearest anniversary: ${humanDate(nearest.date).replace(/ \d+$/, '')} (${when} today's date)`;
}

export function onThisDayItemLabel(item: OnThisDayItem): string {
  const what = item.kind === 'published' ? 'Published' : 'Mentioned';
  return `${what} ${humanDate(item.date)} · ${yearsAgoLabel(item.yearsAgo)}`;
}

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The last grapheme boundary at or before `i` in `text`. Graphemes are user-perceived characters (emoji
 * with modifiers, ZWJ sequences, flags, letters with combining marks): cutting anywhere else splits
 * one, leaving a lone surrogate or a fragment that merges with what follows. `containing` looks only
 * around `i`, so this stays cheap on long passages.
 */
function boundaryAtOrBefore(text: string, i: number): number {
  if (i >= text.length) return text.length;
  if (i <= 0) return 0;
  return GRAPHEMES.segment(text).containing(i)?.index ?? i;
}

const isBoundary = (text: string, i: number) => boundaryAtOrBefore(text, i) === i;

/** The longest prefix of `text` made of whole graphemes that fits in `max` UTF-16 units. */
export function cutGraphemes(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, boundaryAtOrBefore(text, Math.max(0, max)));
}

/**
 * Cuts `text` to at most `max` characters, at the end of a sentence when one ends in the second half,
 * else at a word, and marks the cut with an ellipsis. Only ever cuts between graphemes.
 */
export function trimAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const room = cutGraphemes(text, max - 1);
  /** The last match of `mark` in room with a boundary `offset` after its start (one below max / 2 is no use). */
  const lastAt = (mark: string, offset: number): number => {
    let i = room.lastIndexOf(mark);
    while (i >= max / 2 && !isBoundary(text, i + offset)) i = room.lastIndexOf(mark, i - 1);
    return i;
  };
  const sentenceEnd = Math.max(lastAt('. ', 1), lastAt('? ', 1), lastAt('! ', 1));
  if (sentenceEnd >= max / 2) return `${room.slice(0, sentenceEnd + 1)} …`;
  const space = lastAt(' ', 0);
  return `${space >= max / 2 ? room.slice(0, space) : room}…`;
}

/**
 * Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the
 * marks (U+200E, U+200F, U+061C). Text from articles and users loses them: an override can make
 * `evil‮fdp.exe` read as a harmless file name or reorder a link. Strong letters still lay out Arabic and
 * Hebrew correctly without them, so removing (not replacing with a visible mark) keeps such text clean.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function dropBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Splits `text` into alternating plain and highlighted pieces, for renderers that style each piece
 * (and escape each piece on its own, so markup never straddles a highlight).
 */
export function highlightPieces(text: string, highlights: Range[]): Array<{ text: string; hit: boolean }> {
  const out: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (const h of highlights) {
    if (h.start < at || h.end > text.length) continue;
    if (h.start > at) out.push({ text: text.slice(at, h.start), hit: false });
    out.push({ text: text.slice(h.start, h.end), hit: true });
    at = h.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
