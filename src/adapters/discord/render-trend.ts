import type { AttachmentPayload } from 'discord.js';
import type { Trend } from '../../core/trend.js';
import { trendPng } from '../shared/trend-chart.js';
import { sparkline, trendAltText, trendProblem, trendSummary, trendTitle } from '../shared/trend-text.js';
import { type DiscordMessage, fitMessage, NO_MENTIONS } from './limits.js';
import { escapeText } from './markdown.js';

export const TREND_FILE = 'trend.png';
const COLOR = 0x3d8fd9;

/** The sparkline and counts as text, with the chart shown in the embed (the attachment, see trendFiles). */
export function renderTrend(t: Trend): DiscordMessage {
  const problem = trendProblem(t);
  if (problem)
    return fitMessage({
      content: `ℹ️ ${escapeText(problem)}`,
      embeds: [],
      components: [],
      allowedMentions: NO_MENTIONS,
    });
  const spark = `\`${sparkline(t.buckets.map((b) => b.passages))}\``;
  const content = `📈 **${escapeText(trendTitle(t))}**\n${spark} ${escapeText(trendSummary(t))}`;
  const embeds =
    t.totalPassages > 0
      ? [
          {
            color: COLOR,
            description: escapeText(trendAltText(t, 2000)),
            image: { url: `attachment://${TREND_FILE}` },
          },
        ]
      : [];
  return fitMessage({ content, embeds, components: [], allowedMentions: NO_MENTIONS });
}

/** The PNG chart to attach, with the counts as its description (alt text); none when nothing matched. */
export function trendFiles(t: Trend): AttachmentPayload[] {
  if (trendProblem(t) || t.totalPassages === 0) return [];
  return [{ attachment: trendPng(t), name: TREND_FILE, description: trendAltText(t, 1000) }];
}
