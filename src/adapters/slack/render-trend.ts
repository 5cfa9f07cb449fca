import type { webApi } from '@slack/bolt';
import type { Trend } from '../../core/trend.js';
import type { Outgoing } from '../../pipeline/events.js';
import { trendPng } from '../shared/trend-chart.js';
import { sparkline, trendAltText, trendProblem, trendSummary, trendTitle } from '../shared/trend-text.js';
import { fitEscaped, type SlackMessage } from './limits.js';
import { mrkdwnText } from './mrkdwn.js';

/** The sparkline and counts as a message; the chart itself follows as a file upload ({@link uploadChart}). */
export function renderTrend(t: Trend): SlackMessage {
  const problem = trendProblem(t);
  if (problem) {
    const text = `ℹ️ ${fitEscaped(problem, 2000)}`;
    return { text, blocks: [{ type: 'section', text: mrkdwnText(text) }] };
  }
  const spark = sparkline(t.buckets.map((b) => b.passages));
  const head = `📈 *${fitEscaped(trendTitle(t), 300)}*\n\`${spark}\` ${fitEscaped(trendSummary(t), 500)}`;
  return {
    text: fitEscaped(`${trendTitle(t)}: ${trendSummary(t)}`, 1000),
    blocks: [
      { type: 'section', text: mrkdwnText(head) },
      { type: 'context', elements: [mrkdwnText(fitEscaped(trendAltText(t, 1500), 2000))] },
    ],
  };
}

/**
 * Uploads a public trend's chart to where its text went (files.uploadV2: getUploadURLExternal, the
 * bytes, completeUploadExternal). A private answer gets none: a file shared to a channel is public.
 */
export async function uploadChart(
  client: webApi.WebClient,
  out: Outgoing,
  where: { channel: string; threadTs?: string },
): Promise<void> {
  if (out.result.kind !== 'trend' || out.visibility !== 'public') return;
  const t = out.result.trend;
  if (trendProblem(t) || t.totalPassages === 0) return;
  const file = {
    file: trendPng(t),
    filename: 'trend.png',
    title: trendTitle(t),
    alt_text: trendAltText(t, 1000),
  };
  await client.filesUploadV2(
    where.threadTs
      ? { ...file, channel_id: where.channel, thread_ts: where.threadTs }
      : { ...file, channel_id: where.channel },
  );
}
