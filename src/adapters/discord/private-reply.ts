import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { type DiscordMessage, NO_MENTIONS } from './limits.js';

/**
 * Shows `msg` to the user only. A public "thinking…" cannot turn ephemeral, and a follow-up straight
 * after it would only edit it: settle it, send the message privately, then remove the public reply.
 * When even settling fails (the platform keeps refusing edits), the follow-up takes the placeholder's
 * place instead, which is still better than a "thinking…" that never ends.
 */
export async function sendPrivately(i: RepliableInteraction, msg: DiscordMessage): Promise<void> {
  const flags = MessageFlags.Ephemeral as const;
  if (!i.deferred && !i.replied) {
    await i.reply({ ...msg, flags });
    return;
  }
  if (i.ephemeral || i.isMessageComponent()) {
    await i.followUp({ ...msg, flags });
    return;
  }
  const settled = await i
    .editReply({ content: '…', embeds: [], components: [], allowedMentions: NO_MENTIONS })
    .then(
      () => true,
      () => false,
    );
  await i.followUp({ ...msg, flags });
  if (settled) await i.deleteReply().catch(() => undefined);
}
