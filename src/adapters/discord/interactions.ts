import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { Command, CommandInput, CommandOption, OptionValue } from '../../core/command.js';
import type { ChatEvent } from '../../pipeline/events.js';
import type { Bot } from './bot.js';
import { decodeButton } from './custom-ids.js';
import { clampText, LIMITS, unlinked } from './limits.js';
import { sendPrivately } from './private-reply.js';
import { renderNotice } from './render.js';
import { buttonSurface, commandSurface } from './surfaces.js';

/** How refusals name the permission that changing channel settings needs on Discord. */
export const MANAGE_CHANNELS = 'the Manage Channels permission';

/** Translates every interaction for the pipeline; autocomplete is answered here (it is not an event). */
export async function onInteraction(bot: Bot, i: Interaction): Promise<void> {
  const started = performance.now();
  if (i.isAutocomplete()) return onAutocomplete(bot, i);
  if (i.isChatInputCommand()) {
    const event = eventOf(i, started, {
      kind: 'command',
      name: i.commandName,
      input: commandInput(bot, i),
    });
    return bot.pipeline.handle(event, commandSurface(bot, i));
  }
  if (i.isMessageContextMenuCommand()) {
    // "Find in archive": the command that declares this menu runs on the message's text, privately.
    const cmd = bot.pipeline.services.commands.find((c) => c.contextMenu?.name === i.commandName);
    if (!cmd?.contextMenu) return;
    const input: CommandInput = {
      options: { [cmd.contextMenu.option]: i.targetMessage.content, private: true },
    };
    const event = eventOf(i, started, { kind: 'command', name: cmd.name, input });
    return bot.pipeline.handle(event, commandSurface(bot, i));
  }
  if (i.isButton()) {
    const action = decodeButton(i.customId);
    if (!action) {
      await sendPrivately(i, renderNotice('info', 'This button no longer works. Please ask again.')).catch(
        () => undefined,
      );
      return;
    }
    const clickedPrivate = i.message.flags.has(MessageFlags.Ephemeral);
    const event = eventOf(i, started, { kind: 'button', action, clickedPrivate });
    return bot.pipeline.handle(event, buttonSurface(bot, i));
  }
}

function eventOf(i: Interaction, startedMs: number, trigger: ChatEvent['trigger']): ChatEvent {
  return {
    platform: 'discord',
    ref: i.id,
    startedMs,
    user: userOf(i),
    ...(i.channelId ? { channel: { id: i.channelId } } : {}),
    trigger,
  };
}

function userOf(i: Interaction): ChatEvent['user'] {
  return {
    id: i.user.id,
    name: i.user.username,
    // In DMs there is no channel to manage but the user's own: allowed.
    canManageChannel: i.memberPermissions
      ? i.memberPermissions.has(PermissionFlagsBits.ManageChannels)
      : true,
    permissionLabel: MANAGE_CHANNELS,
    // Manage Server (Administrator includes it); nobody in a DM.
    isAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

function optionDefs(cmd: Command | undefined, subcommand: string | null): CommandOption[] {
  if (!cmd) return [];
  return subcommand
    ? (cmd.subcommands?.find((s) => s.name === subcommand)?.options ?? [])
    : (cmd.options ?? []);
}

function commandInput(bot: Bot, i: ChatInputCommandInteraction): CommandInput {
  const cmd = bot.pipeline.services.commands.find((c) => c.name === i.commandName);
  const subcommand = cmd?.subcommands?.length ? i.options.getSubcommand(false) : null;
  const options: CommandInput['options'] = {};
  for (const o of optionDefs(cmd, subcommand)) {
    const v = i.options.get(o.name)?.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      options[o.name] = v as OptionValue;
  }
  return { ...(subcommand ? { subcommand } : {}), options };
}

/** Suggestions for any option that has them: at most 25 choices of at most 100 characters. */
async function onAutocomplete(bot: Bot, i: AutocompleteInteraction): Promise<void> {
  const cmd = bot.pipeline.services.commands.find((c) => c.name === i.commandName);
  const focused = i.options.getFocused(true);
  const sub = cmd?.subcommands?.length ? i.options.getSubcommand(false) : null;
  const def = optionDefs(cmd, sub).find((o) => o.name === focused.name);
  let choices: Array<{ name: string; value: string }> = [];
  try {
    if (def?.autocomplete) {
      const ctx = bot.pipeline.context({
        platform: 'discord',
        user: userOf(i),
        ...(i.channelId ? { channel: { id: i.channelId } } : {}),
      });
      choices = (await def.autocomplete(String(focused.value), ctx))
        .map((c) => ({ name: clampText(unlinked(c.name), LIMITS.choiceName), value: c.value }))
        .filter((c) => c.value.length <= LIMITS.choiceValue && c.name.trim())
        .slice(0, LIMITS.choices);
    }
  } catch (err) {
    // Suggestions are a convenience: answer with none rather than leave the user's menu spinning.
    bot.logger.error({ err, interaction: i.id, command: i.commandName }, 'autocomplete failed');
  }
  await i.respond(choices).catch((err: unknown) => bot.logger.debug({ err }, 'autocomplete expired'));
}
