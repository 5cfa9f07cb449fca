import { escapeMarkdown } from 'discord.js';
import type { Range } from '../../core/types.js';
import { clipMark, markedPieces, snapToRuns } from '../shared/best-sentence.js';
import { dropBidiControls } from '../shared/text.js';
import { clampText } from './limits.js';

/** Only the rules anchored at a line start; the inline ones run per word in {@link escapeText}. */
const LINE_RULES = {
  codeBlock: false,
  inlineCode: false,
  bold: false,
  italic: false,
  underline: false,
  strikethrough: false,
  spoiler: false,
  escape: false,
  heading: true,
  bulletedList: true,
  numberedList: true,
} as const;

/**
 * Characters escaped wherever they stand: inline markers, and the brackets every link, mention, custom
 * emoji or timestamp needs (`[x](y)`, `<https://…>`, `<@id>`, `<:e:id>`), so none of those can form.
 * Parentheses stay as they are: without a live `]` before it, `(` starts nothing.
 */
const MARKERS = '*_~|`[]<>';

/**
 * Escapes every marker character escapeMarkdown left live (it misses some runs, e.g. `____` or a fourth
 * backtick), and the colon of any `://`: Discord only autolinks a bare URL written `http(s)://`, and
 * `https\://` shows as `https://` without being a link.
 */
function sweep(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    const c = md[i] as string;
    if (c === '\\') out += c + (md[++i] ?? '');
    else if (MARKERS.includes(c) || (c === ':' && md.startsWith('//', i + 1))) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** Inline markers (bold, italic, code, spoilers, links…), escaped; safe to join with other escaped pieces. */
function escapeInline(text: string): string {
  // Bidi controls go first: removed after escaping, one could rejoin `:` and `//` around it.
  return dropBidiControls(text).replace(/\S+/g, (run) =>
    sweep(escapeMarkdown(run, { inlineCode: false, codeBlock: false })),
  );
}

/** Syntax that only counts at a line start (headings, lists, quotes, small text), escaped on the joined text. */
function escapeLineStarts(md: string): string {
  return (
    escapeMarkdown(md, LINE_RULES)
      .replace(/^(\s*)(>|-#)/gm, '$1\\$2')
      // allowedMentions already stops the ping; the zero-width space also stops it looking like one.
      .replace(/@(everyone|here)/g, '@\u200b$1')
  );
}

/**
 * Text from articles and users shown as Discord markdown: every markup character escaped, so a passage
 * holding `# `, `**`, `> `, `-# ` or `[x](y)` reads as written and cannot break the embed around it, and
 * no link, mention or bidi control it holds stays live.
 *
 * escapeMarkdown's inline rules only look within a run of non-space characters but scan back over the
 * whole string (quadratic on a long passage), so they run per run; a sweep then escapes what they miss
 * (every bracket — the masked-link rule escapes only a line's first link — odd runs of markers, `://`).
 */
export function escapeText(text: string): string {
  return escapeLineStarts(escapeInline(text));
}

/** Keeps only ranges that a renderer can trust: inside the text, non-empty, sorted, not overlapping. */
function cleanRanges(text: string, ranges: Range[]): Range[] {
  const sorted = ranges
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end))
    .filter((r) => r.start >= 0 && r.end > r.start && r.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (!last || r.start >= last.end) out.push(r);
  }
  return out;
}

function inlinePiece(p: { text: string; hit: boolean }): string {
  if (!p.hit) return escapeInline(p.text);
  // Discord does not bold text that starts or ends with a space: keep the spaces outside the markers.
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(p.text) ?? [];
  return core ? `${lead}**${escapeInline(core)}**${trail}` : p.text;
}

/**
 * The answering sentence underlined, line by line with spaces outside the markers. Its line starts are
 * escaped before the markers go on, as they would sit behind `__` where the final pass cannot see them.
 */
function underline(md: string): string {
  return escapeLineStarts(md)
    .split('\n')
    .map((line) => {
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(line) ?? [];
      return core ? `${lead}__${core}__${trail}` : line;
    })
    .join('\n');
}

function render(text: string, ranges: Range[], mark?: Range): string {
  let out = '';
  let marked = '';
  for (const p of markedPieces(text, ranges, mark)) {
    if (p.marked) {
      marked += inlinePiece(p);
      continue;
    }
    if (marked) out += underline(marked);
    marked = '';
    out += inlinePiece(p);
  }
  if (marked) out += underline(marked);
  return escapeLineStarts(out);
}

/**
 * The passage with its matched terms in bold and `mark` (the answering sentence) underlined, escaped,
 * at most `max` characters. The plain text is trimmed (at a sentence) before styling, so a cut never
 * lands inside an escape or a marker.
 */
export function highlightedText(text: string, highlights: Range[], max: number, mark?: Range): string {
  const ranges = cleanRanges(text, highlights);
  const valid = cleanRanges(text, mark ? [mark] : [])[0];
  const sentence = valid && snapToRuns(text, valid);
  let budget = Math.min(text.length, max);
  for (;;) {
    const cut = clampText(text, budget);
    const kept = cut === text ? cut.length : Math.max(0, cut.length - 1);
    const inside = ranges.filter(
      (r) => r.end <= kept && cut.slice(r.start, r.end) === text.slice(r.start, r.end),
    );
    const out = render(cut, inside, clipMark(sentence, kept));
    if (out.length <= max) return out;
    if (budget <= 1) return clampText(escapeText(cut), max);
    budget = shrink(cut.length, out.length, max);
  }
}

/** User or article text for a title, field or content line: escaped, then fitted. */
export function plain(text: string, max: number): string {
  // Trim the source, not the escaped form, so no trailing lone backslash escapes the ellipsis.
  let budget = Math.min(text.length, max);
  for (;;) {
    const cut = clampText(text, budget);
    const out = escapeText(cut);
    if (out.length <= max) return out;
    if (budget <= 1) return clampText(out, max);
    budget = shrink(cut.length, out.length, max);
  }
}

/**
 * Escapes and markers made the output longer than the plain text: cut the plain text in proportion.
 * Measured from the length actually kept, so every round cuts more (a cut snaps back to a word end).
 */
function shrink(kept: number, got: number, max: number): number {
  return Math.max(1, Math.min(kept - (got - max), Math.floor((kept * max) / got)));
}
