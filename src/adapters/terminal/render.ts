import { styleText } from 'node:util';
import type { CommandResult } from '../../core/command.js';
import type { Answer, PassageHit, Range } from '../../core/types.js';
import { alsoInText } from '../shared/also-in.js';
import { answerMark, markedPieces } from '../shared/best-sentence.js';
import {
  dropBidiControls,
  filtersNote,
  humanDate,
  noAnswerText,
  onThisDayHeading,
  onThisDayItemLabel,
  sourceDetails,
} from '../shared/text.js';
import { renderTrendText } from './render-trend.js';

type Style = Parameters<typeof styleText>[0];

export interface TerminalStyle {
  color: boolean;
  /** Columns to wrap at. */
  width: number;
  /** Named in the "too long" message; default 500. */
  maxQuestionChars?: number;
}

/**
 * Drops ANSI escapes, other control characters and bidi controls (which reorder what is shown) that a
 * passage or question could smuggle into a terminal.
 */
export function sanitize(text: string): string {
  return dropBidiControls(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, ''),
  );
}

function paint(style: TerminalStyle, format: Style, text: string): string {
  // The bot decides about colour itself (TTY, NO_COLOR), so the stream check is off.
  return style.color ? styleText(format, text, { validateStream: false }) : text;
}

/** Word-wraps plain text to `width`, indenting every line; ANSI-styled words are measured without escapes. */
function wrap(words: string[], width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  let len = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: measuring visible width
  const visible = (w: string) => w.replace(/\x1b\[[0-9;]*m/g, '').length;
  for (const w of words) {
    const wl = visible(w);
    if (len > 0 && indent.length + len + 1 + wl > width) {
      lines.push(indent + line);
      line = w;
      len = wl;
    } else {
      line = len > 0 ? `${line} ${w}` : w;
      len += (len > 0 ? 1 : 0) + wl;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/**
 * One paragraph styled: matched words bold yellow, the answering sentence underlined word by word (an
 * escape left open across a line break would underline the indent), or between `»` and `«` without colour.
 */
function styledParagraph(
  para: string,
  ranges: Range[],
  mark: Range | undefined,
  style: TerminalStyle,
): string {
  const pieces = markedPieces(para, ranges, mark);
  // Sanitised piece by piece: dropping characters before highlighting would shift the ranges.
  return pieces
    .map((piece, i) => {
      const text = sanitize(piece.text);
      const format: Style = [...(piece.hit ? (['bold', 'yellow'] as const) : []), 'underline'];
      let out = text;
      if (piece.marked && style.color) out = text.replace(/\S+/g, (w) => paint(style, format, w));
      else if (piece.hit && text) out = paint(style, ['bold', 'yellow'], text);
      if (!piece.marked || style.color) return out;
      const open = !pieces[i - 1]?.marked ? '» ' : '';
      const close = !pieces[i + 1]?.marked ? ' «' : '';
      return `${open}${out}${close}`;
    })
    .join('');
}

function passageBlock(hit: PassageHit, n: number, style: TerminalStyle): string {
  let offset = 0;
  const mark = answerMark(hit);
  const body = hit.text.split(/\n\s*\n/).map((para) => {
    const at = hit.text.indexOf(para, offset);
    offset = at + para.length;
    const ranges = hit.highlights
      .filter((h) => h.start >= at && h.end <= at + para.length)
      .map((h) => ({ start: h.start - at, end: h.end - at }));
    const inPara =
      mark && mark.start < at + para.length && mark.end > at
        ? { start: Math.max(0, mark.start - at), end: Math.min(para.length, mark.end - at) }
        : undefined;
    // Style whole pieces, then split on spaces: a highlight never holds a space, so words keep their punctuation.
    const styled = styledParagraph(para, ranges, inPara, style);
    const words = styled.split(/\s+/).filter(Boolean);
    return wrap(words, style.width, '   ');
  });
  const s = hit.source;
  const head = paint(style, 'cyan', `${n}.`);
  const src = [
    `   ${paint(style, 'dim', '—')} ${paint(style, 'green', sanitize(s.title))}`,
    wrap(
      sanitize(sourceDetails(s))
        .split(/\s+/)
        .map((w) => paint(style, 'dim', w)),
      style.width,
      '     ',
    ),
    ...(s.url ? [`     ${paint(style, ['blue', 'underline'], sanitize(s.url))}`] : []),
    ...alsoInLines(hit, style),
  ];
  return `${head}${body.join('\n\n').slice(2)}\n${src.join('\n')}`;
}

/** "Also in: Reuters, AP" under the source, when the same text was folded in from other papers. */
function alsoInLines(hit: PassageHit, style: TerminalStyle): string[] {
  const also = alsoInText(hit);
  if (!also) return [];
  return [
    wrap(
      sanitize(also)
        .split(/\s+/)
        .map((w) => paint(style, 'dim', w)),
      style.width,
      '     ',
    ),
  ];
}

export function renderAnswer(answer: Answer, style: TerminalStyle): string {
  if (answer.passages.length === 0)
    return paint(style, 'yellow', sanitize(noAnswerText(answer, style.maxQuestionChars)));
  const from = answer.offset + 1;
  const to = answer.offset + answer.passages.length;
  const header = paint(
    style,
    'dim',
    `${answer.total === 1 ? '1 passage matches' : `${answer.total} passages match`}; showing ${from}–${to}${sanitize(filtersNote(answer))}`,
  );
  const blocks = answer.passages.map((p, i) => passageBlock(p, answer.offset + i + 1, style));
  const more = to < answer.total ? [paint(style, 'dim', 'Type /more for the next passages.')] : [];
  return [header, ...blocks, ...more].join('\n\n');
}

export function renderResult(result: CommandResult, style: TerminalStyle): string {
  switch (result.kind) {
    case 'answer':
      return renderAnswer(result.answer, style);
    case 'onthisday': {
      const { result: r } = result;
      if (r.items.length === 0)
        return paint(
          style,
          'yellow',
          `Nothing in the archive happened on ${humanDate(r.date).replace(/ \d+$/, '')} in earlier years.`,
        );
      const head = paint(style, 'bold', onThisDayHeading(r.date, r.nearest));
      const items = r.items.map(
        (item, i) =>
          `${paint(style, 'magenta', onThisDayItemLabel(item))}\n${passageBlock(item.passage, i + 1, style)}`,
      );
      return [head, ...items].join('\n\n');
    }
    case 'article': {
      const a = result.article;
      if (!a) {
        const list = result.candidates.map((c) => `  • ${sanitize(c.title)}`).join('\n');
        return (
          paint(style, 'yellow', `No single article matches “${sanitize(result.query)}”.`) +
          (list ? `\nDid you mean:\n${list}` : '')
        );
      }
      const sections = [...new Set(a.passages.map((p) => p.heading).filter(Boolean))];
      return [
        paint(style, 'bold', sanitize(a.meta.title)),
        paint(style, 'dim', sanitize(`${a.meta.source} · ${humanDate(a.meta.date)}`)),
        ...(a.meta.url ? [sanitize(a.meta.url)] : []),
        `${a.words} words in ${a.passages.length} passages${a.meta.tags.length ? ` · ${sanitize(a.meta.tags.join(', '))}` : ''}`,
        ...(sections.length ? ['Sections:', ...sections.map((h) => `  • ${sanitize(h ?? '')}`)] : []),
        '',
        wrap(sanitize(a.passages[0]?.text ?? '').split(/\s+/), style.width, '  '),
      ].join('\n');
    }
    case 'help': {
      // Each usage form on its own line, descriptions wrapped at words: nothing is cut at the window edge.
      const entry = (usage: string, description: string) =>
        [
          ...usage.split(' | ').map((u) =>
            wrap(
              u.split(' ').map((w) => paint(style, 'cyan', w)),
              style.width,
              '  ',
            ),
          ),
          wrap(description.split(/\s+/), style.width, '      '),
        ].join('\n');
      return [
        paint(style, 'bold', 'Ask a question in plain words, or use a command:'),
        ...result.commands.map((c) => entry(c.usage, c.description)),
        entry('/more', 'The next passages for the last question'),
        entry('/quit', 'Leave'),
      ].join('\n');
    }
    case 'about': {
      const s = result.stats;
      const span = s.oldest ? `, ${humanDate(s.oldest)} to ${humanDate(s.newest ?? s.oldest)}` : '';
      return [
        paint(style, 'bold', `Archivist ${result.version}`),
        `${s.articles.toLocaleString('en')} article${s.articles === 1 ? '' : 's'}${span}; ${s.passages.toLocaleString('en')} passages, ${s.words.toLocaleString('en')} words.`,
        `Index ${s.index.source === 'cache' ? 'loaded from disk' : 'built'} in ${Math.round(s.index.ms)} ms.`,
        ...(s.problems
          ? [paint(style, 'yellow', `${s.problems} article file(s) could not be loaded; see the log.`)]
          : []),
      ].join('\n');
    }
    case 'trend':
      return renderTrendText(result.trend, (format, text) => paint(style, format, sanitize(text)));
    case 'notice': {
      const color = result.tone === 'error' ? 'red' : result.tone === 'success' ? 'green' : 'white';
      // Wrap each line on its own: notices may hold line breaks (status lists).
      return sanitize(result.text)
        .split('\n')
        .map((line) =>
          wrap(
            line
              .split(/\s+/)
              .filter(Boolean)
              .map((w) => paint(style, color, w)),
            style.width,
            '',
          ),
        )
        .join('\n');
    }
  }
}
