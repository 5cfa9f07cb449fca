import type { Answer, OnThisDay, PassageHit, Range, Source } from '../../core/types.js';
import { alsoInText } from '../shared/also-in.js';
import { answerMark, clipMark } from '../shared/best-sentence.js';
import {
  filtersNote,
  humanDate,
  noAnswerText,
  onThisDayHeading,
  onThisDayItemLabel,
  partLabel,
  trimAtSentence,
} from '../shared/text.js';
import { ACTION, buttonValue } from './action-ids.js';
import { type Block, blockTexts, fitEscaped, fitRendered, LIMITS, type SlackMessage } from './limits.js';
import {
  bold,
  escapeMrkdwn,
  highlightMrkdwn,
  link,
  MAX_URL,
  mrkdwnText,
  safeUrl,
  userMention,
} from './mrkdwn.js';

/** Most passages one message shows: 3 blocks each plus header and buttons stays far under 50 blocks. */
export const MAX_PASSAGES = 10;

/** What an answer message offers besides its passages. */
export interface AnswerView {
  /** Answer-session id the buttons carry; without it the message has no buttons. */
  sessionId?: string;
  /** Offer **Share in channel** (for answers only the asker sees). */
  share?: boolean;
  /** Offer 👍/👎 (only when a feedback store is wired). */
  feedback?: boolean;
  /** The user who shared it into the channel. */
  sharedBy?: string;
  /** The configured question limit, named when a question is refused as too long. */
  maxQuestionChars?: number;
}

const section = (text: string): Block => ({ type: 'section', text: mrkdwnText(text) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwnText(text)] });
const divider: Block = { type: 'divider' };

/**
 * Source line under a passage: title, publisher, date, link, which part, and the other papers that
 * printed the same text ("Also in: …"). Bounded to ~800 characters.
 */
export function sourceContext(source: Source, alsoIn?: string): Block {
  const url = safeUrl(source.url);
  const parts = [
    `📰 ${bold(trimAtSentence(source.title, 150))}`,
    escapeMrkdwn(trimAtSentence(source.publisher, 80)),
    ...(source.date ? [escapeMrkdwn(humanDate(source.date))] : []),
    ...(url && url.length <= MAX_URL ? [link(source.url, 'link')] : []),
    escapeMrkdwn(
      partLabel({ ...source, ...(source.heading ? { heading: trimAtSentence(source.heading, 120) } : {}) }),
    ),
    ...(alsoIn ? [escapeMrkdwn(alsoIn)] : []),
  ];
  return context(parts.join(' · '));
}

/** `text.slice(start, end)` with the highlights inside it, in mrkdwn. */
function sliceMrkdwn(text: string, ranges: Range[], start: number, end: number): string {
  const inside = ranges
    .filter((h) => h.start >= start && h.end <= end)
    .map((h) => ({ start: h.start - start, end: h.end - start }));
  return highlightMrkdwn(text.slice(start, end), inside);
}

/**
 * A passage as mrkdwn with matched terms in bold and the answering sentence on its own `>` quote line
 * (Slack has no underline, and italics would break on an underscore in the text), trimmed at a
 * sentence to fit `max` once rendered.
 */
export function passageText(hit: PassageHit, max: number): string {
  const mark = answerMark(hit);
  return fitRendered(hit.text, max, (trimmed) => {
    const kept = trimmed === hit.text ? trimmed.length : trimmed.replace(/\s?…$/, '').length;
    const ranges: Range[] = hit.highlights.filter((h) => h.end <= kept);
    const m = clipMark(mark, kept);
    if (!m) return highlightMrkdwn(trimmed, ranges);
    const before = sliceMrkdwn(trimmed, ranges, 0, m.start).trimEnd();
    const quote = sliceMrkdwn(trimmed, ranges, m.start, m.end)
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => `>${line.trim()}`)
      .join('\n');
    const after = sliceMrkdwn(trimmed, ranges, m.end, trimmed.length).trimStart();
    // A paragraph break around the sentence stays one; a space becomes a line break.
    const gap = (ws: string) => (/\n\s*\n/.test(ws) ? '\n\n' : '\n');
    const head = before ? before + gap(/\s*$/.exec(trimmed.slice(0, m.start))?.[0] ?? '') : '';
    const tail = after ? gap(/^\s*/.exec(trimmed.slice(m.end))?.[0] ?? '') + after : '';
    return head + quote + tail;
  });
}

function textLength(blocks: Block[]): number {
  return blocks.flatMap(blockTexts).reduce((n, t) => n + t.length, 0);
}

/** Section text each of `n` passages may use, given the text the rest of the message already holds. */
function sectionBudget(fixed: Block[], n: number, cap: number = LIMITS.sectionText): number {
  const room = LIMITS.messageText - textLength(fixed) - 200;
  return Math.max(200, Math.min(cap, Math.floor(room / Math.max(1, n))));
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: text.slice(0, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: value.slice(0, LIMITS.actionValue),
    ...(style ? { style } : {}),
  };
}

function answerButtons(answer: Answer, view: AnswerView): Block[] {
  const sid = view.sessionId;
  if (!sid) return [];
  const value = buttonValue(sid, answer.offset);
  const shownTo = answer.offset + answer.passages.length;
  const elements = [
    ...(view.share ? [button('Share in channel', ACTION.share, value, 'primary')] : []),
    // More carries the offset of the page it asks for, Share and the votes the page shown.
    ...(shownTo < answer.total ? [button('More results', ACTION.more, buttonValue(sid, shownTo))] : []),
    ...(view.feedback
      ? [button('👍 Helpful', ACTION.voteUp, value), button('👎 Not helpful', ACTION.voteDown, value)]
      : []),
  ];
  return elements.length ? [{ type: 'actions', elements }] : [];
}

function question(q: string): string {
  return `“${escapeMrkdwn(trimAtSentence(q, 200))}”`;
}

/** An answer as Block Kit: a summary line, each passage with its source, then the buttons. */
export function renderAnswer(answer: Answer, view: AnswerView = {}): SlackMessage {
  const passages = answer.passages.slice(0, MAX_PASSAGES);
  const shared = view.sharedBy ? `Shared by ${userMention(view.sharedBy)} · ` : '';
  if (passages.length === 0) {
    const text = fitEscaped(noAnswerText(answer, view.maxQuestionChars), 1000);
    return {
      text,
      blocks: [...(shared ? [context(`${shared}${question(answer.question)}`)] : []), section(text)],
    };
  }
  const from = answer.offset + 1;
  const to = answer.offset + passages.length;
  const matches = `${answer.total} passage${answer.total === 1 ? '' : 's'}`;
  const summary = [
    `${shared}*${matches}* match ${question(answer.question)}${escapeMrkdwn(filtersNote(answer))}`,
    `showing ${from === to ? from : `${from}–${to}`}`,
    ...(answer.fuzzy ? ['matched with close spellings'] : []),
  ].join(' · ');
  const head = context(summary);
  const sources = passages.map((p) => sourceContext(p.source, alsoInText(p)));
  const buttons = answerButtons({ ...answer, passages }, view);
  const budget = sectionBudget([head, ...sources, ...buttons], passages.length);
  const body = passages.flatMap((p, i) => [
    ...(i > 0 ? [divider] : []),
    section(passageText(p, budget)),
    sources[i] as Block,
  ]);
  const first = passages[0] as PassageHit;
  const fallback = fitEscaped(
    `${matches} match “${answer.question}”: ${first.bestSentence.text} (${first.source.title})`,
    1000,
  );
  return { text: fallback, blocks: [head, ...body, ...buttons] };
}

function yearsSpan(result: OnThisDay): string {
  const years = [...new Set(result.items.map((i) => i.yearsAgo))].sort((a, b) => a - b);
  const lo = years[0];
  const hi = years[years.length - 1];
  if (lo === undefined || hi === undefined) return '';
  const unit = hi === 1 ? 'year' : 'years';
  return lo === hi ? ` · ${lo} ${unit} ago` : ` · ${lo}–${hi} ${unit} ago`;
}

/** "On this day" as Block Kit: a header with the day and how long ago, then each item's passage and source. */
export function renderOnThisDay(result: OnThisDay): SlackMessage {
  const heading = onThisDayHeading(result.date, result.nearest);
  const title = `${heading}${yearsSpan(result)}`.slice(0, LIMITS.headerText);
  const header: Block = { type: 'header', text: { type: 'plain_text', text: title, emoji: true } };
  const items = result.items.slice(0, MAX_PASSAGES);
  if (items.length === 0) {
    const text = escapeMrkdwn(
      `Nothing in the archive happened on ${humanDate(result.date).replace(/ \d+$/, '')} in earlier years.`,
    );
    return { text, blocks: [header, section(text)] };
  }
  const labels = items.map((item) => context(`*${escapeMrkdwn(onThisDayItemLabel(item))}*`));
  const sources = items.map((item) => sourceContext(item.passage.source));
  // Daily posts land in busy channels: keep each passage short.
  const budget = sectionBudget([header, ...labels, ...sources], items.length, 1200);
  const body = items.flatMap((item, i) => [
    ...(i > 0 ? [divider] : []),
    labels[i] as Block,
    section(passageText(item.passage, budget)),
    sources[i] as Block,
  ]);
  const text = fitEscaped(`${title}: ${items.map((i) => i.title).join('; ')}`, 1000);
  return { text, blocks: [header, ...body] };
}
