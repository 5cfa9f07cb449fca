import type { Range } from '../../core/types.js';
import { dropBidiControls, highlightPieces } from '../shared/text.js';

/**
 * Slack mrkdwn in and out. Slack has no way to escape `*` or `_`, only `&`, `<` and `>` — which is what
 * matters: `<!channel>`, `<!here>` and `<@U…>` only notify when written with raw angle brackets.
 */

const ZWSP = '\u200B';
/** Longer links are left out: they would eat the message's text budget. */
export const MAX_URL = 500;

/**
 * Escapes text for any mrkdwn field, so nothing a user or an article wrote becomes a mention or link:
 * links, mentions and commands all need a raw `<`, and `|` only counts inside one. Bidi controls are
 * dropped (they could make text read in another order than it is).
 */
export function escapeMrkdwn(text: string): string {
  return dropBidiControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn text object. `verbatim` stops Slack turning bare URLs and channel names in quoted text into
 * links; the links and mentions we write ourselves (`<url|label>`, `<@U…>`) still work.
 */
export function mrkdwnText(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** Bold text we did not write: escaped, its own asterisks swapped for a look-alike so the bold holds. */
export function bold(text: string): string {
  const inner = escapeMrkdwn(text.trim()).replace(/\*/g, '∗');
  return inner ? `*${inner}*` : '';
}

// Slack only opens or closes `*bold*` next to a non-word character; a zero-width space supplies one.
const WORDISH = /[\p{L}\p{N}_*~`]/u;

/**
 * Passage text with its matched terms in bold. Each piece is escaped on its own, so markup never
 * straddles a highlight; adjacent highlights are merged so `*a**b*` never happens.
 */
export function highlightMrkdwn(text: string, highlights: Range[]): string {
  const merged: Range[] = [];
  for (const h of highlights) {
    const last = merged[merged.length - 1];
    if (last && h.start === last.end) last.end = h.end;
    else merged.push({ ...h });
  }
  const pieces = highlightPieces(text, merged);
  let out = '';
  pieces.forEach((piece, i) => {
    const core = piece.text.trim();
    if (!piece.hit || !core) {
      out += escapeMrkdwn(piece.text);
      return;
    }
    const lead = piece.text.slice(0, piece.text.indexOf(core));
    const trail = piece.text.slice(lead.length + core.length);
    const before = lead || (pieces[i - 1]?.text.slice(-1) ?? '');
    const after = trail || (pieces[i + 1]?.text.slice(0, 1) ?? '');
    const guardL = !lead && WORDISH.test(before) ? ZWSP : '';
    const guardR = !trail && WORDISH.test(after) ? ZWSP : '';
    out += `${escapeMrkdwn(lead)}${guardL}${bold(core)}${guardR}${escapeMrkdwn(trail)}`;
  });
  return out;
}

/** A URL safe inside `<url|label>`: http(s) only, normalised, with nothing that could end the link early. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s/g, '%20')
    .replace(/&/g, '&amp;');
}

/** `<url|label>`, or the escaped label alone when the URL is not a safe http(s) link or is too long to show. */
export function link(url: string | undefined, label: string): string {
  const href = safeUrl(url);
  if (href && href.length > MAX_URL) return escapeMrkdwn(label);
  const text = escapeMrkdwn(label).replace(/\|/g, '¦');
  return href ? `<${href}|${text}>` : text;
}

/** A user mention we build ourselves, only from a well-formed Slack user id. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/**
 * Turns message or slash-command text as Slack sends it into what the person typed: drops the mention
 * of the bot, writes channel references and links as their labels, and undoes Slack's `&amp;` `&lt;`
 * `&gt;`. Other mentions (`<!channel>`, `<@U…>`) stay as written: the reply escapes them.
 */
export function fromSlackText(text: string, botUserId?: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (m, id: string) => (id === botUserId ? ' ' : m))
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(
      /<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>/g,
      (_m, url: string, label?: string) => label || url,
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
