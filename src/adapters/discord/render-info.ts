import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CommandResult } from '../../core/command.js';
import type { CorpusStats } from '../../core/types.js';
import { humanDate } from '../shared/text.js';
import type { DiscordMessage } from './limits.js';
import { LIMITS } from './limits.js';
import { escapeText, plain } from './markdown.js';

/** Renderers for the reference commands: /article, /help, /about. render.ts fits what they return. */

const INFO_COLOR = 0x5b6770;

const field = (name: string, value: string, inline = false): APIEmbedField => ({
  name: plain(name, LIMITS.fieldName),
  value: plain(value, LIMITS.fieldValue),
  inline,
});

/** A bulleted list that stops, with "…and N more", before it outgrows a field. */
function bulletList(items: string[], max: number = LIMITS.fieldValue): string {
  const lines: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const line = `• ${plain(item, 200)}`;
    const tail = `\n…and ${items.length - i} more`;
    if (used + line.length + 1 + tail.length > max) {
      lines.push(tail.trim());
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

export function renderArticle(result: Extract<CommandResult, { kind: 'article' }>): Partial<DiscordMessage> {
  const a = result.article;
  if (!a) {
    const query = plain(result.query, 200);
    const head = query
      ? `No single article matches “${query}”.`
      : 'Which article? Give me part of its title.';
    if (result.candidates.length === 0)
      return { content: `${head} \`/about\` shows what the archive holds.` };
    return {
      content: `${head} Did you mean:\n${bulletList(
        result.candidates.map((c) => c.title),
        1500,
      )}`,
    };
  }
  const sections = [...new Set(a.passages.map((p) => p.heading).filter((h): h is string => Boolean(h)))];
  const fields: APIEmbedField[] = [
    { name: 'Published', value: humanDate(a.meta.date), inline: true },
    field('Publisher', a.meta.source, true),
    ...(a.meta.author ? [field('Author', a.meta.author, true)] : []),
    {
      name: 'Length',
      value: `${a.words.toLocaleString('en')} words · ${a.passages.length} passages`,
      inline: true,
    },
    ...(sections.length ? [{ name: 'Sections', value: bulletList(sections) }] : []),
    ...(a.meta.tags.length ? [field('Tags', a.meta.tags.join(', '))] : []),
  ];
  const embed: APIEmbed = {
    color: INFO_COLOR,
    title: plain(a.meta.title, LIMITS.embedTitle),
    description: plain(a.passages[0]?.text ?? '', 1500),
    fields,
    footer: { text: 'Ask about it with /ask' },
  };
  if (a.meta.url) embed.url = a.meta.url;
  return { embeds: [embed] };
}

export function renderHelp(
  commands: Array<{ name: string; description: string; usage: string }>,
): Partial<DiscordMessage> {
  const embed: APIEmbed = {
    color: INFO_COLOR,
    title: 'How to ask Archivist',
    description: [
      'Ask in plain words and I quote the passages of the archive that answer, with their source.',
      '• Use `/ask`, or add `private:True` to see the answer on your own.',
      '• Mention me with a question in a channel: I answer in a thread.',
      '• Send me a direct message with a question.',
    ].join('\n'),
    fields: commands.slice(0, LIMITS.fields).map((c) => ({
      name: `\`${c.usage.replace(/`/g, "'")}\``,
      value: escapeText(c.description) || '—',
    })),
  };
  return { embeds: [embed] };
}

export function renderAbout(stats: CorpusStats, version: string): Partial<DiscordMessage> {
  const span = stats.oldest ? `${humanDate(stats.oldest)} – ${humanDate(stats.newest ?? stats.oldest)}` : '—';
  const index = `${stats.index.source === 'cache' ? 'Loaded from disk' : 'Built'} in ${Math.round(stats.index.ms)} ms`;
  const embed: APIEmbed = {
    color: INFO_COLOR,
    title: `Archivist ${plain(version, 40)}`,
    description:
      'Answers questions about a news archive, quoting the passages that answer with their source.',
    fields: [
      { name: 'Articles', value: stats.articles.toLocaleString('en'), inline: true },
      { name: 'Passages', value: stats.passages.toLocaleString('en'), inline: true },
      { name: 'Words', value: stats.words.toLocaleString('en'), inline: true },
      { name: 'Covers', value: span, inline: true },
      { name: 'Index', value: index, inline: true },
      ...(stats.problems
        ? [
            {
              name: 'Skipped files',
              value: `${stats.problems} article file(s) could not be loaded; see the log.`,
            },
          ]
        : []),
    ],
  };
  return { embeds: [embed] };
}
