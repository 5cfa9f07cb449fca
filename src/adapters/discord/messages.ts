import { type Message, PermissionFlagsBits } from 'discord.js';
import type { Bot } from './bot.js';
import { MANAGE_CHANNELS } from './interactions.js';
import { messageSurface } from './surfaces.js';

/**
 * Mentions in server channels and direct messages, translated for the pipeline. Both carry their text
 * without the privileged MessageContent intent, so the bot never needs it.
 */
export async function onMessage(bot: Bot, message: Message): Promise<void> {
  const me = bot.client.user;
  if (!me || message.author.bot || message.author.id === me.id || message.system) return;
  if (message.inGuild() && !message.mentions.users.has(me.id)) return;
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
      },
      channel: { id: message.channelId },
      trigger: { kind: 'text', text },
    },
    messageSurface(bot, message, text),
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
