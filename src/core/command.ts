import type { AlertCommands } from './alert-state.js';
import type { Answers } from './answers-port.js';
import type { DailyService } from './daily/service.js';
import type { FeedAdmin } from './feed-state.js';
import type { Trend } from './trend.js';
import type { Answer, ArticleView, CorpusStats, OnThisDay } from './types.js';

/**
 * The platform-free shape of a command. The same definitions drive Discord registration, the Slack
 * manifest and the terminal help; adapters only translate input to a CommandInput and render the result.
 */
export type OptionType = 'string' | 'integer' | 'boolean';

export interface Choice {
  name: string;
  value: string;
}

export interface CommandOption {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** For strings: most characters accepted (Discord enforces it client-side too). */
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  /** Suggest values while the user types (Discord autocomplete, terminal tab completion). */
  autocomplete?: (partial: string, ctx: CommandContext) => Choice[] | Promise<Choice[]>;
}

export interface Subcommand {
  name: string;
  description: string;
  options?: CommandOption[];
}

export type OptionValue = string | number | boolean;

export interface CommandInput {
  subcommand?: string;
  options: Record<string, OptionValue | undefined>;
}

export type Platform = 'discord' | 'slack' | 'terminal';

export interface CommandContext {
  answers: Answers;
  platform: Platform;
  user: {
    id: string;
    name?: string;
    /** May change channel settings (daily posts); each adapter maps its platform's permission. */
    canManageChannel: boolean;
    /**
     * That permission in the platform's words, completing "You need …" ("the Manage Channels
     * permission"); the adapter fills it in so no platform wording lives in commands or the core.
     */
    permissionLabel?: string;
    /** Runs the bot here (adds news feeds): Discord Administrator or Manage Server, Slack workspace admin or owner, the terminal's user. */
    isAdmin?: boolean;
  };
  channel?: { id: string; name?: string };
  /** All registered commands, for `help`. */
  commands: readonly Command[];
  /** Daily "on this day" posts; absent where the deployment runs without its state store. */
  daily?: DailyService;
  /** Saved-search alerts; absent where the deployment runs without its state store. */
  alerts?: AlertCommands;
  /** News feeds (`/feeds`); absent where the deployment runs without its state store. */
  feeds?: FeedAdmin;
}

export type CommandResult =
  | { kind: 'answer'; answer: Answer; private?: boolean }
  | { kind: 'onthisday'; result: OnThisDay }
  | {
      kind: 'article';
      query: string;
      article?: ArticleView;
      candidates: Array<{ slug: string; title: string }>;
    }
  | { kind: 'help'; commands: Array<{ name: string; description: string; usage: string }> }
  | { kind: 'about'; stats: CorpusStats; version: string }
  | { kind: 'trend'; trend: Trend; private?: boolean }
  | { kind: 'notice'; tone: 'info' | 'success' | 'error'; text: string };

export interface Command {
  name: string;
  description: string;
  /** Free text that is not a command (a mention, a DM, a terminal line) is asked of this command. */
  question?: boolean;
  /** Answers only the asker unless they choose otherwise (help: a wall of text nobody else asked for). */
  private?: boolean;
  /** Answers the channel unless the user chooses private, on every platform (a chart is to look at together). */
  public?: boolean;
  /**
   * Also offered on any message (Discord message context menu, Slack message shortcut): the message's
   * text becomes `option` and the answer is private, with Share.
   */
  contextMenu?: { name: string; option: string };
  options?: CommandOption[];
  subcommands?: Subcommand[];
  handler(input: CommandInput, ctx: CommandContext): CommandResult | Promise<CommandResult>;
}

/** One-line usage as people type it: `/ask <question> [private]`. */
export function usage(cmd: Command, prefix = '/'): string {
  const opt = (o: CommandOption) => (o.required ? `<${o.name}>` : `[${o.name}]`);
  if (cmd.subcommands?.length) {
    return cmd.subcommands
      .map((s) => [`${prefix}${cmd.name} ${s.name}`, ...(s.options ?? []).map(opt)].join(' '))
      .join(' | ');
  }
  return [`${prefix}${cmd.name}`, ...(cmd.options ?? []).map(opt)].join(' ');
}

/**
 * Turns typed text (`/ask what phones…`, `/onthisday 2025-11-01`, `/article title:Xi …`) into a
 * CommandInput: an optional leading subcommand, `name:value` pairs for named options, and the rest of
 * the text for the first string option. Used by the Slack and terminal adapters.
 */
export function parseTextInput(cmd: Command, text: string): CommandInput {
  let rest = text.trim();
  let subcommand: string | undefined;
  let options = cmd.options ?? [];
  if (cmd.subcommands?.length) {
    const first = rest.split(/\s+/)[0]?.toLowerCase() ?? '';
    const sub = cmd.subcommands.find((s) => s.name === first) ?? cmd.subcommands[0];
    if (sub && sub.name === first) rest = rest.slice(first.length).trim();
    subcommand = sub?.name;
    options = sub?.options ?? [];
  }
  const values: Record<string, OptionValue | undefined> = {};
  for (const o of options) {
    const m = new RegExp(`(?:^|\\s)${o.name}:(\\S+)`, 'i').exec(rest);
    if (!m || o.type === 'string') continue;
    values[o.name] = coerce(o, m[1] ?? '');
    rest = (rest.slice(0, m.index) + rest.slice(m.index + m[0].length)).trim();
  }
  const strings = options.filter((o) => o.type === 'string');
  for (const o of strings) {
    const m = new RegExp(`(?:^|\\s)${o.name}:`, 'i').exec(rest);
    if (m && strings.length > 1) {
      const after = rest.slice(m.index + m[0].length);
      const next = /\s\w+:/.exec(after);
      values[o.name] = (next ? after.slice(0, next.index) : after).trim();
      rest = (rest.slice(0, m.index) + (next ? after.slice(next.index) : '')).trim();
    }
  }
  const free = strings.find((o) => values[o.name] === undefined);
  if (free && rest) values[free.name] = rest.replace(new RegExp(`^${free.name}:`, 'i'), '').trim();
  else if (!free && rest) {
    const firstNonString = options.find((o) => o.type !== 'string' && values[o.name] === undefined);
    if (firstNonString) values[firstNonString.name] = coerce(firstNonString, rest);
  }
  return { ...(subcommand ? { subcommand } : {}), options: values };
}

function coerce(o: CommandOption, raw: string): OptionValue | undefined {
  if (o.type === 'boolean') return /^(true|yes|1|on)$/i.test(raw);
  if (o.type === 'integer') {
    const n = Number.parseInt(raw, 10);
    return Number.isFinite(n) ? n : undefined;
  }
  return raw;
}
