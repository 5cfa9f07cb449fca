import { type Passage, passage } from './types.js';

/** Options for {@link chunkArticle}. Defaults suit chat answers: a passage fits easily in one embed or section. */
export interface ChunkOptions {
  /** Longest passage text in characters; longer paragraphs split at sentence boundaries. Default 1200. */
  maxChars?: number;
  /** When splitting, a group of sentences is closed once it reaches this many characters. Default 700. */
  targetChars?: number;
  /** An unmarked single line up to this long, without closing punctuation, is taken as a heading. Default 90. */
  headingMaxChars?: number;
  /** A single line ending in "?" up to this long, followed by a paragraph, is an FAQ question. Default 200. */
  questionMaxChars?: number;
}

const DEFAULTS: Required<ChunkOptions> = {
  maxChars: 1200,
  targetChars: 700,
  headingMaxChars: 90,
  questionMaxChars: 200,
};

interface Block {
  start: number;
  end: number;
  kind: 'heading' | 'question' | 'paragraph';
  /** Heading text without its `#` marker. */
  title?: string;
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const MD_HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
/** A line starting `\#`: text escaped so it is not a heading (feed and page text); never a heading. */
const ESCAPED_HASH = /^([ \t]*)\\(?=#)/gm;

/** Splits a Markdown body into blocks (paragraph, heading or question), with offsets into the body. */
function toBlocks(body: string, opts: Required<ChunkOptions>): Block[] {
  const raw: Array<{ start: number; end: number }> = [];
  let offset = 0;
  let open: { start: number; end: number } | undefined;
  for (const line of body.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (!trimmed) {
      if (open) raw.push(open);
      open = undefined;
      continue;
    }
    const s = lineStart + line.indexOf(trimmed);
    const e = s + trimmed.length;
    // A Markdown heading ends its block even without a blank line after it.
    if (MD_HEADING.test(trimmed)) {
      if (open) raw.push(open);
      raw.push({ start: s, end: e });
      open = undefined;
      continue;
    }
    if (open) open.end = e;
    else open = { start: s, end: e };
  }
  if (open) raw.push(open);

  return raw.map((b, i) => {
    const text = body.slice(b.start, b.end);
    const md = MD_HEADING.exec(text);
    if (md) return { ...b, kind: 'heading', title: md[2] };
    if (text.startsWith('\\#')) return { ...b, kind: 'paragraph' };
    const next = raw[i + 1];
    const singleLine = !text.includes('\n');
    const nextIsLonger = next !== undefined && next.end - next.start > text.length;
    if (singleLine && nextIsLonger && text.endsWith('?') && text.length <= opts.questionMaxChars) {
      return { ...b, kind: 'question' };
    }
    if (singleLine && nextIsLonger && text.length <= opts.headingMaxChars && !/[.!?:;,"”'’)]$/.test(text)) {
      return { ...b, kind: 'heading', title: text };
    }
    return { ...b, kind: 'paragraph' };
  });
}

/** Characters handed to Intl.Segmenter at once: its cost grows faster than linearly with input length. */
const SEGMENT_WINDOW = 4000;

/**
 * Sentence segments of body[start, end) as [index, segment] pairs with absolute indexes. Long spans are
 * segmented window by window; a window's last segment may be cut short by the window's end, so the next
 * window starts again at that segment (the boundaries found are the same as for the whole span).
 */
function* sentenceSegments(body: string, start: number, end: number): Generator<[number, string]> {
  let from = start;
  let size = SEGMENT_WINDOW;
  while (from < end) {
    const to = Math.min(end, from + size);
    const segs = [...sentenceSegmenter.segment(body.slice(from, to))];
    const last = segs[segs.length - 1];
    if (to === end || !last) {
      for (const seg of segs) yield [from + seg.index, seg.segment];
      return;
    }
    if (segs.length === 1) {
      size *= 2; // one sentence longer than the window: look further
      continue;
    }
    for (const seg of segs.slice(0, -1)) yield [from + seg.index, seg.segment];
    from += last.index;
    size = SEGMENT_WINDOW;
  }
}

/** Ranges of sentences in body[start, end), each at most maxChars long (over-long sentences split at spaces). */
function sentences(body: string, start: number, end: number, maxChars: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [index, segment] of sentenceSegments(body, start, end)) {
    const lead = segment.length - segment.trimStart().length;
    let s = index + lead;
    const e = index + segment.trimEnd().length;
    while (e - s > maxChars) {
      // No sentence boundary for too long: cut at the last space that keeps the piece within bounds.
      const window = body.slice(s, s + maxChars + 1);
      const cut = window.lastIndexOf(' ');
      const pieceEnd = cut > maxChars / 2 ? s + cut : s + maxChars;
      out.push([s, s + body.slice(s, pieceEnd).trimEnd().length]);
      s = pieceEnd;
      while (s < e && /\s/.test(body[s] ?? '')) s++;
    }
    if (e > s) out.push([s, e]);
  }
  return out;
}

/** Groups sentence ranges into pieces of about targetChars, never over maxChars. */
function groupSentences(
  ranges: Array<[number, number]>,
  opts: Required<ChunkOptions>,
): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let cur: [number, number] | undefined;
  for (const [s, e] of ranges) {
    if (cur && (e - cur[0] > opts.maxChars || cur[1] - cur[0] >= opts.targetChars)) {
      groups.push(cur);
      cur = undefined;
    }
    cur = cur ? [cur[0], e] : [s, e];
  }
  if (cur) groups.push(cur);
  return groups;
}

/**
 * Splits an article body into self-standing passages. Every non-space character of the body lands in
 * exactly one passage's [start, end) range, in order. Headings and FAQ questions are joined to the
 * paragraph they introduce; long paragraphs split at sentence boundaries.
 */
export function chunkArticle(slug: string, body: string, options: ChunkOptions = {}): Passage[] {
  const opts = { ...DEFAULTS, ...options };
  const blocks = toBlocks(body, opts);
  const drafts: Array<Omit<Passage, 'id' | 'index' | 'count'>> = [];
  let heading: string | undefined;
  let pendingStart: number | undefined; // start of a heading not yet attached to a passage
  let question: Block | undefined;
  let lastHeadingEnd = 0;

  // The text a reader sees drops the backslash of an escaped `#` (as Markdown shows it).
  const emit = (
    start: number,
    textStart: number,
    end: number,
    text = body.slice(textStart, end).replace(ESCAPED_HASH, '$1'),
  ) => {
    drafts.push({ slug, ...(heading ? { heading } : {}), text, start, end });
  };
  // A heading or question with no paragraph after it stands alone rather than being lost.
  const flushDangling = () => {
    if (question) emit(pendingStart ?? question.start, question.start, question.end);
    else if (pendingStart !== undefined) emit(pendingStart, pendingStart, lastHeadingEnd, heading ?? '');
    pendingStart = undefined;
    question = undefined;
  };

  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (question) flushDangling();
      heading = block.title;
      // Consecutive headings share one passage range; the innermost names it.
      pendingStart ??= block.start;
      lastHeadingEnd = block.end;
      continue;
    }
    if (block.kind === 'question') {
      if (question) flushDangling();
      question = block;
      continue;
    }
    const pieces: Array<[number, number]> =
      block.end - block.start > opts.maxChars
        ? groupSentences(sentences(body, block.start, block.end, opts.maxChars), opts)
        : [[block.start, block.end]];
    pieces.forEach(([s, e], i) => {
      const textStart = i === 0 && question ? question.start : s;
      emit(i === 0 ? (pendingStart ?? textStart) : s, textStart, e);
    });
    pendingStart = undefined;
    question = undefined;
  }
  flushDangling();
  return drafts.map((d, i) =>
    passage(`${slug}#${i + 1}`, slug, d.heading, d.text, i + 1, drafts.length, d.start, d.end),
  );
}
