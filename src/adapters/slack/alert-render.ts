import type { AlertPost } from '../../core/alert-state.js';
import { alertHeading, burstMore } from '../shared/alert-text.js';
import { humanDate, trimAtSentence } from '../shared/text.js';
import { passageText, sourceContext } from './blocks.js';
import { type Block, fitEscaped, type SlackMessage } from './limits.js';
import { escapeMrkdwn, link, mrkdwnText } from './mrkdwn.js';

const section = (text: string): Block => ({ type: 'section', text: mrkdwnText(text) });

/** A passage in a channel that did not ask for it: short enough not to take over the channel. */
const PASSAGE_MAX = 1200;

/**
 * An alert as Block Kit: the heading, then the article's best passage and its source line (title,
 * publisher, date, link), or for a burst a list of the best matches with their links. Every piece of
 * article or search text is escaped, so nothing becomes a mention or a link we did not write.
 */
export function renderAlert(post: AlertPost): SlackMessage {
  const heading = `:bell: *${fitEscaped(alertHeading(post), 400)}*`;
  if (post.kind === 'article') {
    const { hit } = post;
    const text = fitEscaped(`${alertHeading(post)}: ${hit.source.title}`, 1000);
    return {
      text,
      blocks: [section(heading), section(passageText(hit, PASSAGE_MAX)), sourceContext(hit.source)],
    };
  }
  const lines = post.top.map(
    (s) =>
      `• ${link(s.url, trimAtSentence(s.title, 150))} · ${escapeMrkdwn(`${trimAtSentence(s.publisher, 80)} · ${humanDate(s.date)}`)}`,
  );
  const text = fitEscaped(`${alertHeading(post)}: ${post.top.map((s) => s.title).join('; ')}`, 1000);
  // One section per article: each stays far under Slack's 3000 characters, long links and all.
  return {
    text,
    blocks: [section(heading), ...lines.map(section), section(fitEscaped(burstMore(post), 500))],
  };
}
