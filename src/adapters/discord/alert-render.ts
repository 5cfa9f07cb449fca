import type { APIEmbed } from 'discord.js';
import type { AlertPost } from '../../core/alert-state.js';
import type { Source } from '../../core/types.js';
import { alertHeading, burstMore } from '../shared/alert-text.js';
import { answerMark } from '../shared/best-sentence.js';
import { humanDate, sourceDetails } from '../shared/text.js';
import { clampText, type DiscordMessage, fitMessage, isHttpUrl, LIMITS, NO_MENTIONS } from './limits.js';
import { escapeText, highlightedText, plain } from './markdown.js';
import { COLORS } from './render.js';

/** A passage in a channel that did not ask for it: short enough not to take over the channel. */
const PASSAGE_MAX = 1200;

/** `[title](url)` with the title escaped and nothing in the URL able to end the link early. */
function maskedLink(source: Source): string {
  const title = plain(source.title, 200) || 'Untitled article';
  if (!isHttpUrl(source.url)) return `**${title}**`;
  const href = source.url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${title}](${href})`;
}

/**
 * An alert as a Discord message: the heading in the content, then either the article (title linked to
 * its URL, best passage with matched words in bold, source in the footer) or, for a burst, one embed
 * listing the best matches. Every piece of article or search text is escaped; nothing can ping.
 */
export function renderAlert(post: AlertPost): DiscordMessage {
  const content = `🔔 ${escapeText(alertHeading(post))}`;
  let embed: APIEmbed;
  if (post.kind === 'article') {
    const { hit } = post;
    const title = plain(hit.source.title, LIMITS.embedTitle);
    embed = {
      color: COLORS.answer,
      title: title.trim() ? title : 'Untitled article',
      description: highlightedText(hit.text, hit.highlights, PASSAGE_MAX, answerMark(hit)),
      footer: { text: clampText(sourceDetails(hit.source), 300) },
      ...(isHttpUrl(hit.source.url) ? { url: hit.source.url } : {}),
    };
  } else {
    const more = escapeText(burstMore(post));
    // Whole lines only, so a cut never leaves half a link.
    let description = '';
    for (const s of post.top) {
      const line = `• ${maskedLink(s)} — ${plain(`${s.publisher} · ${humanDate(s.date)}`, 200)}\n`;
      if (description.length + line.length + more.length + 1 > LIMITS.embedDescription) break;
      description += line;
    }
    embed = { color: COLORS.answer, description: `${description}\n${more}` };
  }
  return fitMessage({ content, embeds: [embed], components: [], allowedMentions: NO_MENTIONS });
}
