import {
  type APIActionRowComponent,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type RepliableInteraction,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import type { Surface } from '../../pipeline/events.js';
import { type Bot, discordCode, messageFor } from './bot.js';
import { decodeButton } from './custom-ids.js';
import { type ButtonRow, clampText, type DiscordMessage, LIMITS, NO_MENTIONS, unlinked } from './limits.js';
import { sendPrivately } from './private-reply.js';
import { renderNotice } from './render.js';

const EPHEMERAL = { flags: MessageFlags.Ephemeral as const };

/** Notices and refusals on an interaction: always private (ephemeral), whatever state it is in. */
function privately(i: RepliableInteraction): Pick<Surface, 'replyPrivately' | 'refuse'> {
  return {
    replyPrivately: (tone, text) => sendPrivately(i, renderNotice(tone, text)),
    refuse: (r) => sendPrivately(i, renderNotice('info', r.text)),
  };
}

/**
 * A slash command: the result is the interaction's acknowledgement (one request, the normal case since
 * handlers take milliseconds); a handler still running after the reply budget gets a "thinking…"
 * (deferred) acknowledgement first, which the result then replaces.
 */
export function commandSurface(
  bot: Bot,
  i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
): Surface {
  return {
    ...privately(i),
    defaultVisibility: 'public',
    defer: {
      afterMs: bot.replyBudgetMs,
      run: async (v) => {
        await i.deferReply(v === 'private' ? EPHEMERAL : {});
      },
    },
    async reply(out) {
      const msg = messageFor(bot, out);
      const priv = out.visibility === 'private';
      if (!i.deferred) await i.reply({ ...msg, ...(priv ? EPHEMERAL : {}) });
      else if (priv && !i.ephemeral) await sendPrivately(i, msg);
      else await i.editReply(msg);
    },
  };
}

/** The clicked message's buttons without "More results", so the same page is not asked for twice. */
function withoutMore(i: ButtonInteraction): ButtonRow[] {
  return i.message.components
    .map((row) => row.toJSON() as APIActionRowComponent<never>)
    .map((row) => ({
      ...row,
      components: (row.components as ButtonRow['components']).filter(
        (b) => decodeButton(b.custom_id ?? '')?.kind !== 'more',
      ),
    }))
    .filter((row) => row.components.length > 0) as ButtonRow[];
}

/**
 * A button: the next page goes under the clicked one (whose "More results" the acknowledgement
 * removes), a share is posted to the channel, anything else answers the clicker privately.
 */
export function buttonSurface(bot: Bot, i: ButtonInteraction): Surface {
  return {
    ...privately(i),
    defaultVisibility: 'public',
    async reply(out) {
      const msg = messageFor(bot, out);
      const flags = out.visibility === 'private' ? EPHEMERAL : {};
      if (out.intent === 'page') {
        await i.update({ components: withoutMore(i), allowedMentions: NO_MENTIONS });
        await i.followUp({ ...msg, ...flags });
      } else {
        await i.reply({ ...msg, ...flags });
      }
    },
  };
}

/**
 * A mention or a DM. Notices are replies (a message has no private channel back); an answer worth
 * discussing goes in a thread on the question, named after it. Refusals are said once per wait, so a
 * flood of mentions stays quiet.
 */
export function messageSurface(bot: Bot, message: Message, question: string): Surface {
  const reply = (msg: DiscordMessage) => message.reply({ ...msg, failIfNotExists: false });
  return {
    defaultVisibility: 'public',
    replyPrivately: async (tone, text) => {
      await reply(renderNotice(tone, text));
    },
    refuse: async (r) => {
      if (r.firstNotice) await reply(renderNotice('info', r.text));
    },
    async reply(out) {
      const msg = messageFor(bot, out);
      if (!message.inGuild() || message.channel.isThread() || msg.embeds.length === 0) {
        await reply(msg);
        return;
      }
      let thread: Awaited<ReturnType<Message['startThread']>>;
      try {
        thread = await message.startThread({
          name: threadName(question),
          autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
        });
      } catch (err) {
        // No thread permission (50013) or threads disabled here: answer with a plain reply instead.
        bot.logger.info({ message: message.id, code: discordCode(err) }, 'cannot start a thread; replying');
        await reply(msg);
        return;
      }
      await thread.send(msg);
      bot.logger.debug({ message: message.id, thread: thread.id }, 'mention answered in a thread');
    },
  };
}

/** The question as a thread title: mentions, markup, links and bidi controls removed, at most 100 characters. */
function threadName(text: string): string {
  const clean = unlinked(text)
    .replace(/<(?:@[!&]?|#)\d+>/g, '')
    .replace(/[*_`~|>#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clampText(clean || 'Archivist answer', LIMITS.threadName);
}
