import { createHash } from 'node:crypto';

/** One line of text: whitespace runs (newlines included) become one space; control characters go. */
export function oneLine(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

/**
 * Escapes a `#` run that starts a line (`## Fake heading` → `\## Fake heading`), so text that is not a
 * heading (a feed item's text, a page paragraph) cannot become one in the article's Markdown body. The
 * chunker reads such a line as a paragraph and shows it without the backslash.
 */
export function escapeHeadingMarks(text: string): string {
  return text.replace(/^([ \t]*)(?=#{1,6}(?:[ \t]|$))/gm, '$1\\');
}

/**
 * Plain text to the project's body format: paragraphs separated by one blank line, each on one line
 * (hard-wrapped lines are joined). Text with no blank lines at all uses each line as a paragraph, which is
 * how most JSON exports separate paragraphs.
 */
export function plainToBody(text: string): string {
  const t = text.replace(/\r\n?/g, '\n');
  const blocks = /\n[ \t]*\n/.test(t) ? t.split(/\n[ \t]*\n/) : t.split('\n');
  return blocks.map(oneLine).filter(Boolean).map(escapeHeadingMarks).join('\n\n');
}

/** Markdown kept as written, tidied: no trailing spaces, no runs of blank lines, no blank start or end. */
export function tidyMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Identity of an article's text for duplicate detection: insensitive to whitespace and Unicode form. */
export function contentHash(body: string): string {
  return createHash('sha256').update(body.normalize('NFC').replace(/\s+/g, ' ').trim()).digest('hex');
}

/** The body of an article file (after its front matter), or the whole text when it has none. */
export function bodyOfArticleFile(content: string): string {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return content;
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  return close < 0 ? content : lines.slice(close + 1).join('\n');
}
