import { type Message, PermissionFlagsBits } from 'discord.js';
import type { Bot } from './bot.js';
import { MANAGE_CHANNELS } from './interactions.js';
import { renderNotice } from './render.js';
import { messageSurface } from './surfaces.js';

/**
 * Mentions in server channels and direct messages, translated for the pipeline (both carry their text
 * without the privileged MessageContent intent); with it (DISCORD_MESSAGE_CONTENT=on), plain messages
 * in threads the bot started too. A question in the bot's thread keeps the thread's question as context.
 */
export async function onMessage(bot: Bot, message: Message): Promise<void> {
  const me = bot.client.user;
  if (!me || message.author.bot || message.author.id === me.id || message.system) return;
  const channel = message.channel;
  // The bot names its threads after the question that started them: that name is the context.
  const botThread =
    message.inGuild() && channel.isThread() && channel.ownerId === me.id ? channel : undefined;
  if (message.inGuild() && !message.mentions.users.has(me.id)) {
    if (!botThread) return;
    if (!bot.messageContent) return tellHowToAsk(bot, message, botThread.id, me.username);
  }
  const started = performance.now();
  const text = message.content
    .replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  await bot.pipeline.handle(
    {
      platform: 'discord',
      ref: message.id,
      startedMs: started,
      user: {
        id: message.author.id,
        name: message.author.username,
        canManageChannel: canManage(message),
        permissionLabel: MANAGE_CHANNELS,
        isAdmin: message.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
      },
      channel: { id: message.channelId },
      trigger: { kind: 'text', text, ...(botThread ? { context: botThread.name } : {}) },
    },
    messageSurface(bot, message, text),
  );
}

/** Without the intent a follow-up arrives empty: say once per thread how to ask instead. */
async function tellHowToAsk(bot: Bot, message: Message, threadId: string, botName: string): Promise<void> {
  if (bot.toldHowToAsk.has(threadId)) return;
  if (bot.toldHowToAsk.size >= 10_000) bot.toldHowToAsk.clear();
  bot.toldHowToAsk.add(threadId);
  if (!message.channel.isSendable()) return;
  await message.channel.send(
    renderNotice('info', `To ask a follow-up here, mention me (@${botName}) with your question.`),
  );
}

function canManage(message: Message): boolean {
  if (!message.inGuild()) return true;
  try {
    return message.member?.permissionsIn(message.channel).has(PermissionFlagsBits.ManageChannels) ?? false;
  } catch {
    return false;
  }
}
