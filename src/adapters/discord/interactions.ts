import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  type RepliableInteraction,
} from 'discord.js';
import type { Command, CommandInput, CommandOption, OptionValue } from '../../core/command.js';
import { runCommand } from '../shared/dispatch.js';
import { RESTARTING_TEXT } from '../shared/text.js';
import { type Bot, commandContext, messageFor, somethingWentWrong } from './bot.js';
import { onButton } from './buttons.js';
import { clampText, LIMITS } from './limits.js';
import { sendPrivately, tellUndelivered } from './private-reply.js';
import { renderNotice } from './render.js';
import { settlesWithin } from './reply-budget.js';

/**
 * Routes every interaction; a failure is logged with the interaction id and the user told, never thrown.
 * Every interaction counts as in flight until handled; while shutting down, new ones get a notice.
 */
export async function onInteraction(bot: Bot, i: Interaction): Promise<void> {
  const started = performance.now();
  const release = bot.guard.hold();
  try {
    if (!release) await refuseWhileRestarting(i);
    else if (i.isChatInputCommand()) await onChatInput(bot, i, started);
    else if (i.isAutocomplete()) await onAutocomplete(bot, i);
    else if (i.isButton()) await onButton(bot, i);
    else return;
    bot.logger.debug(
      { interaction: i.id, type: i.type, ms: Math.round(performance.now() - started) },
      'interaction handled',
    );
  } catch (err) {
    bot.logger.error({ err, interaction: i.id, type: i.type }, 'interaction failed');
    bot.guard.metrics?.errors.inc({ platform: 'discord', kind: 'handler' });
    if (i.isRepliable()) await tellFailure(i).catch(() => undefined);
  } finally {
    release?.();
  }
}

async function refuseWhileRestarting(i: Interaction): Promise<void> {
  if (i.isAutocomplete()) await i.respond([]);
  else if (i.isRepliable())
    await i.reply({ ...renderNotice('info', RESTARTING_TEXT), flags: MessageFlags.Ephemeral });
}

/** The ephemeral "something went wrong", whatever state the interaction is in. */
async function tellFailure(i: RepliableInteraction): Promise<void> {
  await sendPrivately(i, somethingWentWrong(i.id));
}

function optionValue(i: ChatInputCommandInteraction, o: CommandOption): OptionValue | undefined {
  const v = i.options.get(o.name)?.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

function commandInput(cmd: Command, i: ChatInputCommandInteraction): CommandInput {
  const subcommand = cmd.subcommands?.length ? (i.options.getSubcommand(false) ?? undefined) : undefined;
  const defs = subcommand
    ? (cmd.subcommands?.find((s) => s.name === subcommand)?.options ?? [])
    : (cmd.options ?? []);
  const options: CommandInput['options'] = {};
  for (const o of defs) {
    const v = optionValue(i, o);
    if (v !== undefined) options[o.name] = v;
  }
  return { ...(subcommand ? { subcommand } : {}), options };
}

function userOf(i: Interaction) {
  return {
    id: i.user.id,
    name: i.user.username,
    // In DMs there is no channel to manage but the user's own: allowed.
    canManageChannel: i.memberPermissions
      ? i.memberPermissions.has(PermissionFlagsBits.ManageChannels)
      : true,
  };
}

const channelOf = (i: Interaction) => (i.channelId ? { id: i.channelId } : undefined);

/**
 * Runs the command and answers with the result as the interaction's acknowledgement: one request, and
 * the normal case, since handlers take milliseconds. A handler still running after the reply budget
 * gets a "thinking…" (deferred) acknowledgement first, which its result then replaces. Private answers
 * and help are ephemeral either way; an error notice is always shown to the user only.
 */
async function onChatInput(bot: Bot, i: ChatInputCommandInteraction, started: number): Promise<void> {
  const cmd = bot.commands.find((c) => c.name === i.commandName);
  if (!cmd) {
    await i.reply({
      ...renderNotice('error', `/${i.commandName} is not a command I know any more. Try /help.`),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const refusal = bot.guard.limit(i.user.id, i.channelId ?? i.user.id);
  if (refusal) {
    await i.reply({ ...renderNotice('info', refusal.text), flags: MessageFlags.Ephemeral });
    return;
  }
  const input = commandInput(cmd, i);
  const ephemeral = input.options.private === true || cmd.name === 'help';
  const flags = ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
  const ctx = commandContext(bot, userOf(i), channelOf(i));
  const work = runCommand(cmd, input, ctx, bot.logger, i.id).then((result) => ({
    result,
    msg: messageFor(bot, result, { private: ephemeral }),
  }));
  if (!(await settlesWithin(work, bot.replyBudgetMs))) {
    if (!(await bot.guard.deliver(i.id, () => i.deferReply(flags)))) {
      // Without the acknowledgement Discord shows "the application did not respond"; one private try.
      await tellUndelivered(bot, i);
      await work.catch(() => undefined);
      return;
    }
  }
  // A rendering failure rejects here: onInteraction tells the user, deferred or not.
  const { result, msg } = await work;
  if (result.kind === 'notice' && result.tone === 'error' && !ephemeral) {
    await sendPrivately(i, msg);
    return;
  }
  const send = i.deferred ? () => i.editReply(msg) : () => i.reply({ ...msg, ...flags });
  if (await bot.guard.deliver(i.id, send)) bot.guard.answered(result, started);
  else await tellUndelivered(bot, i);
}

/** `/article title:` and any other option with suggestions: at most 25 choices of at most 100 characters. */
async function onAutocomplete(bot: Bot, i: AutocompleteInteraction): Promise<void> {
  const cmd = bot.commands.find((c) => c.name === i.commandName);
  const focused = i.options.getFocused(true);
  const sub = cmd?.subcommands?.length ? i.options.getSubcommand(false) : null;
  const defs = sub ? cmd?.subcommands?.find((s) => s.name === sub)?.options : cmd?.options;
  const def = defs?.find((o) => o.name === focused.name);
  let choices: Array<{ name: string; value: string }> = [];
  try {
    if (def?.autocomplete) {
      choices = def
        .autocomplete(String(focused.value), commandContext(bot, userOf(i), channelOf(i)))
        .filter((c) => c.value.length <= LIMITS.choiceValue && c.name.trim())
        .slice(0, LIMITS.choices)
        .map((c) => ({ name: clampText(c.name, LIMITS.choiceName), value: c.value }));
    }
  } catch (err) {
    // Suggestions are a convenience: answer with none rather than leave the user's menu spinning.
    bot.logger.error({ err, interaction: i.id, command: i.commandName }, 'autocomplete failed');
  }
  await i.respond(choices);
}
