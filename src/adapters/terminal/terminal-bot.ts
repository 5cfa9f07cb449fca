import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnswerService } from '../../core/answer-service.js';
import { type Command, type CommandContext, parseTextInput } from '../../core/command.js';
import type { Logger } from '../../logger.js';
import { runCommand } from '../shared/dispatch.js';
import { renderAnswer, renderResult, type TerminalStyle } from './render.js';

/** Options for {@link TerminalBot}. Streams are swappable so tests drive the bot like a person would. */
export interface TerminalBotOptions {
  answers: AnswerService;
  commands: readonly Command[];
  logger: Logger;
  input: Readable;
  output: Writable;
  /** Prompt, colours and tab completion. Default: when input and output are TTYs. */
  interactive?: boolean;
  /** ANSI colours. Default: interactive and NO_COLOR unset (decided by the caller that reads the env). */
  color?: boolean;
  services?: Record<string, unknown>;
}

const PROMPT = 'archivist> ';

/**
 * The zero-config bot: a line is a question, `/command …` runs a command. Without a TTY it answers each
 * line and ends at end of input, so `echo "question" | npm start` works in scripts.
 */
export class TerminalBot {
  readonly #o: TerminalBotOptions;
  readonly #style: TerminalStyle;
  readonly #interactive: boolean;
  #last?: { question: string; offset: number };
  #rl?: Interface;

  constructor(options: TerminalBotOptions) {
    this.#o = options;
    const tty = Boolean(
      (options.input as { isTTY?: boolean }).isTTY && (options.output as { isTTY?: boolean }).isTTY,
    );
    this.#interactive = options.interactive ?? tty;
    const columns = (options.output as { columns?: number }).columns;
    this.#style = {
      color: options.color ?? this.#interactive,
      width: Math.min(Math.max(columns ?? 88, 40), 100),
      maxQuestionChars: options.answers.maxQuestionChars,
    };
  }

  /** Runs until end of input or /quit. Resolves when done. */
  async run(): Promise<void> {
    const { input, output, answers, commands } = this.#o;
    const rl = createInterface({
      input,
      output,
      terminal: this.#interactive,
      ...(this.#interactive ? { completer: (line: string) => this.#complete(line) } : {}),
    });
    this.#rl = rl;
    if (this.#interactive) {
      const s = answers.stats();
      this.#write(
        renderResult(
          {
            kind: 'notice',
            tone: 'info',
            text: `Archivist: ${s.articles} articles, ${s.passages} passages. Ask a question, or /help. ${commands.length} commands.`,
          },
          this.#style,
        ),
      );
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
    for await (const line of rl) {
      const keepGoing = await this.handleLine(line);
      if (!keepGoing) break;
      if (this.#interactive) rl.prompt();
    }
    rl.close();
  }

  /** Handles one line; false means the user asked to quit. Exposed for tests that skip the stream. */
  async handleLine(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (!line) return true;
    if (/^\/(quit|exit|q)$/i.test(line)) return false;
    if (/^\/more$/i.test(line)) {
      if (!this.#last) this.#write('Ask a question first; /more shows its next passages.');
      else this.#ask(this.#last.question, this.#last.offset);
      return true;
    }
    if (!line.startsWith('/')) {
      this.#ask(line, 0);
      return true;
    }
    const [name = '', ...rest] = line.slice(1).split(/\s+/);
    const cmd = this.#o.commands.find((c) => c.name === name.toLowerCase());
    if (!cmd) {
      this.#write(
        renderResult(
          { kind: 'notice', tone: 'error', text: `Unknown command /${name}. Type /help for the list.` },
          this.#style,
        ),
      );
      return true;
    }
    const input = parseTextInput(cmd, rest.join(' '));
    const result = await runCommand(cmd, input, this.#context(), this.#o.logger, `terminal-${Date.now()}`);
    if (result.kind === 'answer')
      this.#last = {
        question: result.answer.question,
        offset: result.answer.offset + result.answer.passages.length,
      };
    this.#write(renderResult(result, this.#style));
    return true;
  }

  #ask(question: string, offset: number): void {
    const answer = this.#o.answers.ask(question, { offset });
    this.#last = { question, offset: offset + answer.passages.length };
    this.#write(renderAnswer(answer, this.#style));
  }

  #context(): CommandContext {
    return {
      answers: this.#o.answers,
      platform: 'terminal',
      user: { id: 'local', name: 'you', canManageChannel: true },
      channel: { id: 'terminal' },
      commands: this.#o.commands,
      services: this.#o.services ?? {},
    };
  }

  #complete(line: string): [string[], string] {
    if (/^\/article\s/i.test(line)) {
      const partial = line.replace(/^\/article\s+/i, '');
      const titles = this.#o.answers.completeTitles(partial, 25).map((t) => `/article ${t.title}`);
      return [titles, line];
    }
    if (line.startsWith('/')) {
      const names = [...this.#o.commands.map((c) => `/${c.name}`), '/more', '/quit'].filter((n) =>
        n.startsWith(line),
      );
      return [names, line];
    }
    return [[], line];
  }

  #write(text: string): void {
    this.#o.output.write(`${text}\n${this.#interactive ? '' : '\n'}`);
  }

  close(): void {
    this.#rl?.close();
  }
}
