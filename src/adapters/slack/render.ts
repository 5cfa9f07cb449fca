import type { CommandResult } from '../../core/command.js';
import type { ArticleView, CorpusStats } from '../../core/types.js';
import { humanDate, trimAtSentence } from '../shared/text.js';
import { ACTION } from './action-ids.js';
import { type AnswerView, renderAnswer, renderOnThisDay } from './blocks.js';
import { type Block, fitEscaped, LIMITS, type SlackMessage } from './limits.js';
import { bold, escapeMrkdwn, link, mrkdwnText } from './mrkdwn.js';
import { renderTrend } from './render-trend.js';

/** How a result is shown: the slash-command prefix (for help) and, for answers, the buttons. */
export interface RenderOptions {
  prefix?: string;
  /** The command that made the result: article choices re-run it. */
  command?: string;
  answer?: AnswerView;
}

const section = (text: string): Block => ({ type: 'section', text: mrkdwnText(text) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwnText(text)] });

/** Every command result as Block Kit with an escaped plain fallback. */
export function renderResult(result: CommandResult, options: RenderOptions = {}): SlackMessage {
  switch (result.kind) {
    case 'answer':
      return renderAnswer(result.answer, options.answer);
    case 'onthisday':
      return renderOnThisDay(result.result);
    case 'article':
      return result.article
        ? renderArticle(result.article)
        : renderCandidates(result.query, result.candidates, `/${options.command ?? 'article'}`);
    case 'help':
      return renderHelp(result.commands, options.prefix ?? '');
    case 'about':
      return renderAbout(result.stats, result.version);
    case 'trend':
      return renderTrend(result.trend);
    case 'notice': {
      const icon = { info: 'ℹ️', success: '✅', error: '⚠️' }[result.tone];
      const text = fitEscaped(result.text, LIMITS.sectionText - 10);
      return { text: `${icon} ${text}`, blocks: [section(`${icon} ${text}`)] };
    }
  }
}

function renderArticle(a: ArticleView): SlackMessage {
  const { meta } = a;
  const byline = [
    fitEscaped(meta.source, 300),
    ...(meta.author ? [`by ${fitEscaped(meta.author, 200)}`] : []),
    escapeMrkdwn(humanDate(meta.date)),
    ...(meta.url ? [link(meta.url, 'read the original')] : []),
  ].join(' · ');
  const tags = meta.tags.length ? ` · ${fitEscaped(meta.tags.join(', '), 1000)}` : '';
  const stats = `${a.words.toLocaleString('en')} words in ${a.passages.length} passages${tags}`;
  const headings = [...new Set(a.passages.map((p) => p.heading).filter((h): h is string => Boolean(h)))];
  let sectionList = headings.length ? '*Sections*' : '';
  for (const h of headings) {
    const line = `\n• ${fitEscaped(h, 200)}`;
    if (sectionList.length + line.length > 2500) {
      sectionList += '\n• …';
      break;
    }
    sectionList += line;
  }
  const first = a.passages[0];
  const opening = first ? fitEscaped(first.text, 1500) : '';
  return {
    text: fitEscaped(`${meta.title} (${meta.source}, ${humanDate(meta.date)})`, 1000),
    blocks: [
      section(`${bold(trimAtSentence(meta.title, 150))}\n${byline}`),
      context(stats),
      ...(sectionList ? [section(sectionList)] : []),
      ...(opening ? [section(opening)] : []),
    ],
  };
}

/** Each choice's value is the command to type for it (`/article <slug>`), run as typed text when clicked. */
function renderCandidates(
  query: string,
  candidates: Array<{ slug: string; title: string }>,
  command: string,
): SlackMessage {
  const q = fitEscaped(query, 600);
  const text = query ? `No single article matches “${q}”.` : 'Which article? Give a title or part of one.';
  const list = candidates.slice(0, 5);
  return {
    text,
    blocks: [
      section(list.length ? `${text} Did you mean one of these?` : text),
      ...(list.length
        ? [
            {
              type: 'actions' as const,
              elements: list.map((c, i) => ({
                type: 'button' as const,
                text: { type: 'plain_text' as const, text: fitEscaped(c.title, LIMITS.buttonText) },
                action_id: `${ACTION.article}_${i}`,
                value: `${command} ${c.slug}`.slice(0, LIMITS.actionValue),
              })),
            },
          ]
        : []),
    ],
  };
}

function renderHelp(
  commands: Array<{ name: string; description: string; usage: string }>,
  prefix: string,
): SlackMessage {
  const intro =
    'Ask me about the news archive: mention me in a channel (I answer in the thread), send me a direct message, or use a command. Answers quote the passages with their source.';
  const lines = commands.map((c) => {
    const usage = c.usage.replaceAll(`/${c.name}`, `/${prefix}${c.name}`);
    return `\`${fitEscaped(usage, 400)}\`\n${fitEscaped(c.description, 1000)}`;
  });
  // Several sections when many commands would overflow one; the message as a whole stays in budget.
  const chunks: string[] = [];
  let total = intro.length;
  for (const line of lines) {
    total += line.length + 2;
    if (total > LIMITS.messageText - 500 || chunks.length >= 40) break;
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.length + line.length + 2 <= LIMITS.sectionText) {
      chunks[chunks.length - 1] = `${last}\n\n${line}`;
    } else chunks.push(line);
  }
  return {
    text: escapeMrkdwn(intro),
    blocks: [section(escapeMrkdwn(intro)), ...chunks.map(section)],
  };
}

function renderAbout(s: CorpusStats, version: string): SlackMessage {
  const span = s.oldest ? `, ${humanDate(s.oldest)} to ${humanDate(s.newest ?? s.oldest)}` : '';
  const facts = `${s.articles.toLocaleString('en')} article${s.articles === 1 ? '' : 's'}${span}; ${s.passages.toLocaleString('en')} passages, ${s.words.toLocaleString('en')} words.`;
  const index = `Index ${s.index.source === 'cache' ? 'loaded from disk' : 'built'} in ${Math.round(s.index.ms)} ms.`;
  const problems = s.problems ? `\n⚠️ ${s.problems} article file(s) could not be loaded; see the log.` : '';
  return {
    text: escapeMrkdwn(`Archivist ${version}: ${facts}`),
    blocks: [
      section(`*Archivist ${escapeMrkdwn(version)}*\n${escapeMrkdwn(facts)}${problems}`),
      context(index),
    ],
  };
}
