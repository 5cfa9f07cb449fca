import type { App } from '@slack/bolt';
import { usage } from '../../core/command.js';
import type { PostEntry, Subscription } from '../../core/state.js';
import { humanDate } from '../shared/text.js';
import { type Block, fitEscaped, LIMITS } from './limits.js';
import { bold, escapeMrkdwn, mrkdwnText } from './mrkdwn.js';
import type { SlackRuntime } from './runtime.js';

/** Slack refuses a Home tab over 100 blocks; stay well under with room for the fixed parts. */
const MAX_BLOCKS = 100;
const MAX_SUBSCRIPTIONS = 200;

const section = (text: string): Block => ({ type: 'section', text: mrkdwnText(text) });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });

/** Lines packed into as few sections as fit Slack's 3000 characters each. */
function sections(lines: string[]): Block[] {
  const out: string[] = [];
  for (const line of lines) {
    const cut = line.slice(0, LIMITS.sectionText);
    const last = out[out.length - 1];
    if (last !== undefined && last.length + cut.length + 1 <= LIMITS.sectionText)
      out[out.length - 1] = `${last}\n${cut}`;
    else out.push(cut);
  }
  return out.map(section);
}

function lastPost(last: PostEntry | undefined): string {
  if (!last) return 'no post yet';
  const day = escapeMrkdwn(last.localDate);
  switch (last.status) {
    case 'sent':
      return `last post ${day}: sent (${last.items ?? 0} article${last.items === 1 ? '' : 's'})`;
    case 'empty':
      return `last post ${day}: nothing for that date`;
    case 'failed':
      return `last post ${day}: failed (${fitEscaped(last.error ?? 'unknown error', 200)})`;
    case 'sending':
      return `last post ${day}: interrupted while sending`;
  }
}

/** `#channel` as a Slack reference, only from a well-formed channel id. */
const channelRef = (id: string) => (/^[CG][A-Z0-9]{2,}$/.test(id) ? `<#${id}>` : escapeMrkdwn(id));

async function subscriptionLines(rt: SlackRuntime): Promise<string[]> {
  const daily = rt.pipeline.services.daily;
  if (!daily) return ['Daily posts are not available in this deployment (no state store).'];
  const subs = (await daily.store.listSubscriptions()).filter((s) => s.platform === 'slack');
  const onthisday = escapeMrkdwn(`/${rt.prefix}onthisday subscribe`);
  if (subs.length === 0) return [`No channel gets a daily post yet. In a channel: \`${onthisday}\`.`];
  const shown = subs.slice(0, MAX_SUBSCRIPTIONS);
  const lines = await Promise.all(
    shown.map(async (s: Subscription) => {
      const state = s.disabledAt ? ' · ⏸ paused after failures' : '';
      const last = await daily.store.lastPost(s).catch(() => undefined);
      return `• ${channelRef(s.channelId)} at ${escapeMrkdwn(`${s.time} (${s.timeZone})`)}${state} · ${lastPost(last)}`;
    }),
  );
  return subs.length > shown.length ? [...lines, `…and ${subs.length - shown.length} more.`] : lines;
}

async function archiveLines(rt: SlackRuntime): Promise<string[]> {
  const s = await rt.pipeline.services.answers.stats();
  const span = s.oldest ? `, ${humanDate(s.oldest)} to ${humanDate(s.newest ?? s.oldest)}` : '';
  return [
    `${s.articles.toLocaleString('en')} article${s.articles === 1 ? '' : 's'}${escapeMrkdwn(span)}; ${s.passages.toLocaleString('en')} passages, ${s.words.toLocaleString('en')} words.`,
    ...(s.newest ? [`Newest article: ${escapeMrkdwn(humanDate(s.newest))}.`] : []),
    ...(s.problems ? [`⚠️ ${s.problems} article file(s) could not be loaded.`] : []),
  ];
}

/** The Home tab: how to ask, this workspace's daily posts, the archive's size and freshness. */
export async function homeView(rt: SlackRuntime): Promise<{ type: 'home'; blocks: Block[] }> {
  const commands = rt.pipeline.services.commands.map((c) => {
    const u = usage(c).replaceAll(`/${c.name}`, `/${rt.prefix}${c.name}`);
    return `\`${fitEscaped(u, 300)}\` ${fitEscaped(c.description, 300)}`;
  });
  const blocks: Block[] = [
    header('Archivist'),
    section(
      `${bold('How to ask')}\nMention me in a channel (I answer in a thread, and follow-ups there need no mention), send me a direct message, or use a command:`,
    ),
    ...sections(commands),
    { type: 'divider' },
    section(bold('The archive')),
    ...sections(await archiveLines(rt)),
    { type: 'divider' },
    section(bold('Daily “on this day” posts')),
  ];
  const subs = sections(await subscriptionLines(rt));
  const room = MAX_BLOCKS - blocks.length;
  return { type: 'home', blocks: [...blocks, ...subs.slice(0, room)] };
}

/** Publishes the Home tab each time someone opens it, so it shows the current subscriptions and archive. */
export function registerHome(app: App, rt: SlackRuntime): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: await homeView(rt) });
    } catch (err) {
      rt.logger.warn({ err, user: event.user }, 'slack home tab not published');
    }
  });
}
