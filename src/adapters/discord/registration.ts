import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, CommandOption, OptionType } from '../../core/command.js';
import { clampText } from './limits.js';

/**
 * Slash-command registration built from `commands/`: the same JSON the deploy script compares and
 * uploads. Nothing here is written by hand per command, so a new command or subcommand needs no change.
 */
export type CommandJSON =
  | RESTPostAPIChatInputApplicationCommandsJSONBody
  | RESTPostAPIContextMenuApplicationCommandsJSONBody;

const OPTION_TYPES: Record<OptionType, ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
};

// Discord: names 1–32 lower-case characters, descriptions 1–100, at most 25 options.
const name = (n: string) => n.toLowerCase().slice(0, 32);
const description = (d: string) => clampText(d.trim() || '—', 100);

function optionJSON(o: CommandOption): APIApplicationCommandOption {
  const json: Record<string, unknown> = {
    type: OPTION_TYPES[o.type],
    name: name(o.name),
    description: description(o.description),
  };
  if (o.required) json.required = true;
  if (o.type === 'string' && o.maxLength !== undefined) json.max_length = o.maxLength;
  if (o.type === 'integer' && o.minValue !== undefined) json.min_value = o.minValue;
  if (o.type === 'integer' && o.maxValue !== undefined) json.max_value = o.maxValue;
  if (o.autocomplete && o.type !== 'boolean') json.autocomplete = true;
  return json as unknown as APIApplicationCommandOption;
}

/** Discord wants required options first; the order among each group is kept. */
function optionsJSON(options: readonly CommandOption[] = []): APIApplicationCommandOption[] {
  const sorted = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  return sorted.slice(0, 25).map(optionJSON);
}

export function commandJSON(cmd: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const options: APIApplicationCommandOption[] = cmd.subcommands?.length
    ? cmd.subcommands.slice(0, 25).map(
        (s) =>
          ({
            type: ApplicationCommandOptionType.Subcommand,
            name: name(s.name),
            description: description(s.description),
            options: optionsJSON(s.options),
          }) as APIApplicationCommandOption,
      )
    : optionsJSON(cmd.options);
  return {
    type: ApplicationCommandType.ChatInput,
    name: name(cmd.name),
    description: description(cmd.description),
    options,
  };
}

/** A message context-menu entry ("Find in archive"): Discord wants no description; the name keeps its case. */
export function contextMenuJSON(cmd: Command): RESTPostAPIContextMenuApplicationCommandsJSONBody | undefined {
  if (!cmd.contextMenu) return undefined;
  return { type: ApplicationCommandType.Message, name: cmd.contextMenu.name.slice(0, 32) };
}

export function registrationPayload(commands: readonly Command[]): CommandJSON[] {
  const menus = commands.map(contextMenuJSON).filter((c) => c !== undefined);
  return [...commands.map(commandJSON), ...menus];
}

type Json = Record<string, unknown>;

/** The fields this bot sets, with Discord's defaults filled in, so a fetched command compares equal to its definition. */
function canonicalOption(o: Json): Json {
  return {
    type: o.type,
    name: o.name,
    description: o.description,
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    max_length: o.max_length ?? null,
    min_length: o.min_length ?? null,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    choices: o.choices ?? [],
    options: ((o.options as Json[] | undefined) ?? []).map(canonicalOption),
  };
}

export function canonicalCommand(c: Json): Json {
  return {
    type: c.type ?? ApplicationCommandType.ChatInput,
    name: c.name,
    description: c.description ?? '',
    options: ((c.options as Json[] | undefined) ?? []).map(canonicalOption),
  };
}

export interface CommandDiff {
  created: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** What uploading `desired` would do to the commands Discord holds now (`existing`, as GET returns them). */
export function diffCommands(existing: readonly Json[], desired: readonly CommandJSON[]): CommandDiff {
  const diff: CommandDiff = { created: [], changed: [], removed: [], unchanged: [] };
  const key = (c: Json) => `${c.type ?? ApplicationCommandType.ChatInput}:${String(c.name)}`;
  const byKey = new Map(existing.map((c) => [key(c), c]));
  for (const d of desired) {
    const old = byKey.get(key(d as unknown as Json));
    byKey.delete(key(d as unknown as Json));
    if (!old) diff.created.push(d.name);
    else if (JSON.stringify(canonicalCommand(old)) === JSON.stringify(canonicalCommand(d as unknown as Json)))
      diff.unchanged.push(d.name);
    else diff.changed.push(d.name);
  }
  diff.removed.push(...[...byKey.values()].map((c) => String(c.name)));
  return diff;
}
