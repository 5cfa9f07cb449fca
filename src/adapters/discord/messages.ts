import { type Message, PermissionFlagsBits, ThreadAutoArchiveDuration } from 'discord.js';
import { type CommandResult, parseTextInput } from '../../core/command.js';
import { runCommand } from '../shared/dispatch.js';
import { undeliveredText } from '../shared/text.js';
import { type Bot, commandContext, discordCode, messageFor } from './bot.js';
import { clampText, type DiscordMessage, LIMITS } from './limits.js';
import { renderNotice } from './render.js';

/**
 * Mentions in server channels and direct messages. Both carry their text without the privileged
 * MessageContent intent, so the bot never needs it. `/help` and the other commands work typed too.
 */
export async function onMessage(bot: Bot, message: Message): Promise<void> {
  const me = bot.client.user;
  if (!me || message.author.bot || message.author.id === me.id || message.system) return;
  const dm = !message.inGuild();
  if (!dm && !message.mentions.users.has(me.id)) return;
  const started = performance.now();
  const release = bot.guard.hold();
  try {
    // A refusal is a public reply here: said once per wait, so a flood of mentions stays quiet.
    const refusal = release ? bot.guard.limit(message.author.id, message.channelId) : bot.guard.restarting();
    if (refusal) {
      if (refusal.firstNotice) await reply(bot, message, renderNotice('info', refusal.text));
      return;
    }
    const text = message.content
      .replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const result = await resultFor(bot, message, text);
    const msg = messageFor(bot, result);
    if (await deliver(bot, message, msg, text, dm)) bot.guard.answered(result, started);
    else await reply(bot, message, renderNotice('error', undeliveredText(message.id)));
  } finally {
    release?.();
  }
}

/** A reply to `message` that never throws (a failure is logged): for notices about something else. */
async function reply(bot: Bot, message: Message, msg: DiscordMessage): Promise<void> {
  await message
    .reply({ ...msg, failIfNotExists: false })
    .catch((err: unknown) => bot.logger.warn({ err, message: message.id }, 'could not send a notice'));
}

/**
 * Sends the answer: a short notice (nothing found, an error) as a reply, an answer worth discussing in
 * a thread on the question. False when the platform would not take it.
 */
async function deliver(bot: Bot, message: Message, msg: DiscordMessage, text: string, dm: boolean) {
  if (dm || message.channel.isThread() || msg.embeds.length === 0) {
    const sent = await bot.guard.deliver(message.id, () => message.reply({ ...msg, failIfNotExists: false }));
    if (sent) bot.logger.debug({ message: message.id, dm }, 'message answered');
    return sent;
  }
  let thread: Awaited<ReturnType<Message['startThread']>>;
  try {
    thread = await message.startThread({
      name: threadName(text),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
  } catch (err) {
    // No thread permission (50013) or threads disabled here: answer with a plain reply instead.
    bot.logger.info({ message: message.id, code: discordCode(err) }, 'cannot start a thread; replying');
    return bot.guard.deliver(message.id, () => message.reply({ ...msg, failIfNotExists: false }));
  }
  const sent = await bot.guard.deliver(message.id, () => thread.send(msg));
  if (sent) bot.logger.debug({ message: message.id, thread: thread.id }, 'mention answered in a thread');
  return sent;
}

async function resultFor(bot: Bot, message: Message, text: string): Promise<CommandResult> {
  const ctx = commandContext(
    bot,
    { id: message.author.id, name: message.author.username, canManageChannel: canManage(message) },
    { id: message.channelId },
  );
  const typed = /^\/([a-z0-9_-]+)(?:\s+|$)/i.exec(text);
  const named = typed ? bot.commands.find((c) => c.name === typed[1]?.toLowerCase()) : undefined;
  if (named && typed) {
    const input = parseTextInput(named, text.slice(typed[0].length));
    return runCommand(named, input, ctx, bot.logger, message.id);
  }
  const ask = bot.commands.find((c) => c.name === 'ask');
  if (ask) return runCommand(ask, { options: { question: text } }, ctx, bot.logger, message.id);
  return { kind: 'answer', answer: bot.answers.ask(text) };
}

function canManage(message: Message): boolean {
  if (!message.inGuild()) return true;
  try {
    return message.member?.permissionsIn(message.channel).has(PermissionFlagsBits.ManageChannels) ?? false;
  } catch {
    return false;
  }
}

/** The question as a thread title: mentions and markup removed, at most 100 characters. */
function threadName(text: string): string {
  const clean = text
    .replace(/<(?:@[!&]?|#)\d+>/g, '')
    .replace(/[*_`~|>#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clampText(clean || 'Archivist answer', LIMITS.threadName);
}
