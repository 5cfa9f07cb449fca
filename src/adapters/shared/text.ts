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
  const reasons: Record<NoAnswerReason, string> = {
    'empty-question': 'Ask me a question about the news archive, for example: “What phones did Xi give Lee?”',
    'too-long': `That question is too long: ${answer.question.length} characters, and I take at most ${maxQuestionChars}. Try asking it in a sentence or two.`,
    'no-meaningful-words': 'I need a few words that say what you are looking for: a name, a place, a topic.',
    'no-match': 'Nothing in the archive answers that.',
  };
  const base = reasons[answer.reason ?? 'no-match'];
  const hint = answer.suggestions[0] ? ` Did you mean “${answer.suggestions[0]}”?` : '';
  return base + hint;
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

/**
 * Cuts `text` to at most `max` characters, at the end of a sentence when one ends in the second half,
 * else at a word, and marks the cut with an ellipsis.
 */
export function trimAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const room = text.slice(0, max - 1);
  const sentenceEnd = Math.max(room.lastIndexOf('. '), room.lastIndexOf('? '), room.lastIndexOf('! '));
  if (sentenceEnd >= max / 2) return `${room.slice(0, sentenceEnd + 1)} …`.slice(0, max);
  const space = room.lastIndexOf(' ');
  return `${space >= max / 2 ? room.slice(0, space) : room}…`;
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
