import { type APIEmbed, ButtonStyle, ComponentType } from 'discord.js';
import type { CommandResult } from '../../core/command.js';
import type { Answer, OnThisDay, PassageHit } from '../../core/types.js';
import { alsoInText } from '../shared/also-in.js';
import { answerMark } from '../shared/best-sentence.js';
import {
  filtersNote,
  humanDate,
  noAnswerText,
  onThisDayHeading,
  onThisDayItemLabel,
  sourceDetails,
} from '../shared/text.js';
import { encodeButton } from './custom-ids.js';
import { type ButtonRow, clampText, type DiscordMessage, fitMessage, LIMITS, NO_MENTIONS } from './limits.js';
import { escapeText, highlightedText, plain } from './markdown.js';
import { renderAbout, renderArticle, renderHelp } from './render-info.js';
import { renderTrend } from './render-trend.js';

export const COLORS = { answer: 0x3b6ea5, onThisDay: 0xc27c0e, info: 0x5b6770 } as const;

/** How an answer is shown: its session (for buttons) and which buttons make sense. */
export interface AnswerView {
  /** Session id from AnswerSessions; without it the answer has no buttons. */
  sessionId?: string;
  /** Shown only to the asker: offers "Share to channel". */
  private?: boolean;
  /** A feedback store is wired: offer 👍/👎. */
  feedback?: boolean;
  /** User id of whoever shared a private answer to the channel. */
  sharedBy?: string;
  /** The configured question limit, named when a question is refused as too long. */
  maxQuestionChars?: number;
}

const message = (m: Partial<DiscordMessage>): DiscordMessage =>
  fitMessage({ embeds: [], components: [], ...m, allowedMentions: NO_MENTIONS });

/** Footer under a quoted passage: publisher, date, which part, author. Footers show no markdown: not escaped. */
function sourceFooter(hit: PassageHit): string {
  const s = hit.source;
  const also = alsoInText(hit);
  const line = s.author ? `${sourceDetails(s)} · by ${s.author}` : sourceDetails(s);
  return also ? `${line}\n${also}` : line;
}

const FOOTER_MAX = 300;

interface Quote {
  hit: PassageHit;
  author: string;
  color: number;
}

/**
 * One embed per passage. The 6000 characters a message's embeds share are split so short passages are
 * shown whole and long ones share what is left.
 */
function quoteEmbeds(quotes: Quote[]): APIEmbed[] {
  const shells = quotes.map(({ hit, author, color }) => {
    const title = plain(hit.source.title, LIMITS.embedTitle);
    const embed: APIEmbed = {
      color,
      author: { name: clampText(author, LIMITS.author) },
      title: title.trim() ? title : 'Untitled article',
      // Far below Discord's 2048: a footer must not eat the room the passages share.
      footer: { text: clampText(sourceFooter(hit), FOOTER_MAX) },
    };
    if (hit.source.url) embed.url = hit.source.url;
    return embed;
  });
  const overhead = shells.reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0),
    0,
  );
  let room = Math.max(0, LIMITS.embedsTotal - overhead);
  const full = quotes.map(({ hit }) =>
    highlightedText(hit.text, hit.highlights, LIMITS.embedDescription, answerMark(hit)),
  );
  const needs = full.map((t) => t.length);
  const budgets = new Array<number>(quotes.length).fill(0);
  const order = needs.map((_, i) => i).sort((a, b) => (needs[a] ?? 0) - (needs[b] ?? 0));
  order.forEach((i, k) => {
    const share = Math.floor(room / (order.length - k));
    budgets[i] = Math.min(needs[i] ?? 0, share);
    room -= budgets[i] ?? 0;
  });
  return shells.map((embed, i) => {
    const { hit } = quotes[i] as Quote;
    const budget = budgets[i] ?? 0;
    const need = needs[i] ?? 0;
    const text =
      budget >= need
        ? (full[i] ?? '')
        : budget >= 1
          ? highlightedText(hit.text, hit.highlights, budget, answerMark(hit))
          : '';
    return text.trim() ? { ...embed, description: text } : embed;
  });
}

function answerButtons(answer: Answer, view: AnswerView): ButtonRow[] {
  const session = view.sessionId;
  if (!session || answer.passages.length === 0) return [];
  const next = answer.offset + answer.passages.length;
  const button = (custom_id: string, style: ButtonStyle.Primary | ButtonStyle.Secondary, label: string) => ({
    type: ComponentType.Button as const,
    style,
    custom_id,
    label,
  });
  const buttons = [
    ...(next < answer.total
      ? [button(encodeButton({ kind: 'more', session, offset: next }), ButtonStyle.Primary, 'More results')]
      : []),
    ...(view.private
      ? [
          button(
            encodeButton({ kind: 'share', session, offset: answer.offset }),
            ButtonStyle.Secondary,
            'Share to channel',
          ),
        ]
      : []),
    ...(view.feedback
      ? (['up', 'down'] as const).map((vote) => ({
          type: ComponentType.Button as const,
          style: ButtonStyle.Secondary as const,
          custom_id: encodeButton({ kind: 'vote', session, vote }),
          emoji: { name: vote === 'up' ? '👍' : '👎' },
        }))
      : []),
  ];
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

export function renderAnswer(answer: Answer, view: AnswerView = {}): DiscordMessage {
  if (answer.passages.length === 0) {
    const more = answer.reason === 'no-match' ? ' Try other words, or `/help` for how to ask.' : '';
    return message({ content: escapeText(noAnswerText(answer, view.maxQuestionChars)) + more });
  }
  const from = answer.offset + 1;
  const to = answer.offset + answer.passages.length;
  const count = `${answer.total} passage${answer.total === 1 ? '' : 's'}`;
  const shown = answer.total > answer.passages.length || answer.offset > 0 ? ` · showing ${from}–${to}` : '';
  const typo = answer.fuzzy ? ' (allowing for typos)' : '';
  const question = plain(answer.question, 300);
  const header = `**${count}** match “${question}”${typo}${shown}${escapeText(filtersNote(answer))}`;
  const content = view.sharedBy ? `<@${view.sharedBy}> shared: ${header}` : header;
  const embeds = quoteEmbeds(
    answer.passages.slice(0, LIMITS.embeds).map((hit, i) => ({
      hit,
      author: `Passage ${from + i} of ${answer.total}`,
      color: COLORS.answer,
    })),
  );
  return message({ content, embeds, components: answerButtons(answer, view) });
}

/** The "on this day" message, for `/onthisday` and for the daily post. */
export function renderOnThisDay(result: OnThisDay): DiscordMessage {
  const day = humanDate(result.date).replace(/ \d+$/, '');
  if (result.items.length === 0) {
    return message({ content: `Nothing in the archive happened on ${day} in earlier years.` });
  }
  const items = result.items.slice(0, LIMITS.embeds);
  const more =
    result.items.length > items.length ? ` · showing ${items.length} of ${result.items.length}` : '';
  const embeds = quoteEmbeds(
    items.map((item) => ({ hit: item.passage, author: onThisDayItemLabel(item), color: COLORS.onThisDay })),
  );
  return message({
    content: `📅 **${escapeText(onThisDayHeading(result.date, result.nearest))}**${more}`,
    embeds,
  });
}

export function renderNotice(tone: 'info' | 'success' | 'error', text: string): DiscordMessage {
  const icon = tone === 'error' ? '⚠️' : tone === 'success' ? '✅' : 'ℹ️';
  return message({ content: `${icon} ${escapeText(text)}` });
}

export function renderResult(result: CommandResult, view: AnswerView = {}): DiscordMessage {
  switch (result.kind) {
    case 'answer':
      return renderAnswer(result.answer, { ...view, private: view.private ?? result.private });
    case 'onthisday':
      return renderOnThisDay(result.result);
    case 'article':
      return message(renderArticle(result));
    case 'help':
      return message(renderHelp(result.commands));
    case 'about':
      return message(renderAbout(result.stats, result.version));
    case 'notice':
      return renderNotice(result.tone, result.text);
    case 'trend':
      return renderTrend(result.trend);
  }
}
