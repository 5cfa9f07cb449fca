import { type Command, type CommandInput, parseTextInput } from '../core/command.js';
import type { Trigger } from './events.js';

/** What an event asks for: a command with its input, or a command name nobody registered. */
export type Route =
  | { kind: 'run'; command: Command; input: CommandInput }
  | { kind: 'unknown'; name: string }
  | { kind: 'none' };

/**
 * Typed text becomes a command in one way on every platform: `/name …` (or the platform's prefixed
 * `/${prefix}name …`) runs that command, a message that is only a command's name and needs no options
 * runs it too (`help` in a DM), and anything else is a question for the command that takes free text
 * ({@link questionCommand}).
 */
export function routeText(commands: readonly Command[], text: string, prefix = ''): Route {
  const trimmed = text.trim();
  const m = /^(\/)?([a-z][\w-]*)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (m?.[2]) {
    const raw = m[2].toLowerCase();
    const name = prefix && raw.startsWith(prefix) && m[1] ? raw.slice(prefix.length) : raw;
    const command = commands.find((c) => c.name === name);
    if (m[1]) {
      if (!command) return { kind: 'unknown', name: raw };
      return { kind: 'run', command, input: parseTextInput(command, m[3] ?? '') };
    }
    if (command && !m[3] && !needsInput(command)) return { kind: 'run', command, input: { options: {} } };
  }
  const ask = questionCommand(commands);
  if (!ask) return { kind: 'none' };
  const option = ask.options?.find((o) => o.type === 'string' && o.required);
  return { kind: 'run', command: ask, input: { options: option ? { [option.name]: trimmed } : {} } };
}

/** The command free text is asked of: the one marked `question: true` in its definition. */
export function questionCommand(commands: readonly Command[]): Command | undefined {
  return commands.find((c) => c.question);
}

function needsInput(command: Command): boolean {
  return Boolean(command.options?.some((o) => o.required));
}

/** A command trigger by name, routed by the definitions. */
export function routeTrigger(commands: readonly Command[], trigger: Trigger): Route {
  if (trigger.kind === 'text') {
    const route = routeText(commands, trigger.text, trigger.prefix);
    if (!trigger.context || route.kind !== 'run' || !route.command.question) return route;
    return {
      ...route,
      input: { ...route.input, options: { ...route.input.options, context: trigger.context } },
    };
  }
  if (trigger.kind === 'command' || (trigger.kind === 'button' && trigger.action.kind === 'run')) {
    const { name, input } =
      trigger.kind === 'command'
        ? trigger
        : {
            name: (trigger.action as { command: string }).command,
            input: (trigger.action as { input: CommandInput }).input,
          };
    const command = commands.find((c) => c.name === name);
    return command ? { kind: 'run', command, input } : { kind: 'unknown', name };
  }
  return { kind: 'none' };
}
