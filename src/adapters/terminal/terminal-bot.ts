import { writeFile } from 'node:fs/promises';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Trend } from '../../core/trend.js';
import type { ChatEvent, Outgoing, Surface, Tone, Trigger } from '../../pipeline/events.js';
import type { Pipeline } from '../../pipeline/pipeline.js';
import { trendPng } from '../shared/trend-chart.js';
import { trendProblem } from '../shared/trend-text.js';
import { renderResult, type TerminalStyle } from './render.js';

/** Options for {@link TerminalBot}. Streams are swappable so tests drive the bot like a person would. */
export interface TerminalBotOptions {
  pipeline: Pipeline;
  input: Readable;
  output: Writable;
  /** Prompt, colours and tab completion. Default: when input and output are TTYs. */
  interactive?: boolean;
  /** ANSI colours. Default: interactive and NO_COLOR unset (decided by the caller that reads the config). */
  color?: boolean;
}

const PROMPT = 'archivist> ';

/**
 * The zero-config bot: a line is a question, `/command …` runs a command, both through the same
 * pipeline as Discord and Slack. `/more` presses the last answer's More button; `/quit` leaves. Without
 * a TTY it answers each line and ends at end of input, so `echo "question" | npm start` works in scripts.
 */
export class TerminalBot {
  readonly #o: TerminalBotOptions;
  readonly #style: TerminalStyle;
  readonly #interactive: boolean;
  /** The last answer's session and the offset of its next page, for `/more`. */
  #last?: { session: string; next: number };
  /** The last answer showed no passages: /more then has nothing to page, though a question was asked. */
  #lastFoundNothing = false;
  #rl?: Interface;
  /** Lines handled, so the caller can tell an empty stdin from a used one. */
  lines = 0;

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
      maxQuestionChars: options.pipeline.services.answers.maxQuestionChars,
    };
  }

  /** Runs until end of input, /quit or Ctrl-C. Resolves when done. */
  async run(): Promise<void> {
    const { input, output, pipeline } = this.#o;
    const rl = createInterface({
      input,
      output,
      terminal: this.#interactive,
      ...(this.#interactive
        ? {
            completer: (line: string, done: (err: Error | null, result?: [string[], string]) => void) =>
              void this.complete(line).then(
                (r) => done(null, r),
                (err: Error) => done(err),
              ),
          }
        : {}),
    });
    this.#rl = rl;
    // Ctrl-C and Ctrl-D end the session on a fresh line, so the shell prompt does not follow ours.
    rl.on('SIGINT', () => rl.close());
    if (this.#interactive) {
      const s = await pipeline.services.answers.stats();
      this.#notice(
        'info',
        `Archivist: ${s.articles.toLocaleString('en')} articles, ${s.passages.toLocaleString('en')} passages. Ask a question, or /help. ${pipeline.services.commands.length} commands.`,
      );
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
    let quit = false;
    for await (const line of rl) {
      if (!(await this.handleLine(line))) {
        quit = true;
        break;
      }
      if (this.#interactive) rl.prompt();
    }
    if (this.#interactive && !quit) output.write('\n');
    rl.close();
  }

  /** Handles one line; false means the user asked to quit. Exposed for tests that skip the stream. */
  async handleLine(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (!line) return true;
    this.lines++;
    if (/^\/(quit|exit|q)$/i.test(line)) return false;
    // `--png FILE` is the terminal's way to get a chart (`/trend topic --png out.png`): not a command option.
    const png = /\s--png(?:=|\s+)(\S+)/.exec(line);
    const text = png ? line.slice(0, png.index) + line.slice(png.index + png[0].length) : line;
    let trigger: Trigger = { kind: 'text', text };
    if (/^\/more$/i.test(line)) {
      if (!this.#last) {
        this.#notice(
          'info',
          this.#lastFoundNothing
            ? 'There is nothing more to show for your last question.'
            : 'Ask a question first; /more shows its next passages.',
        );
        return true;
      }
      trigger = {
        kind: 'button',
        action: { kind: 'more', session: this.#last.session, offset: this.#last.next },
      };
    }
    const event: ChatEvent = {
      platform: 'terminal',
      ref: `t-${Date.now().toString(36)}`,
      user: { id: 'local', name: 'you', canManageChannel: true, isAdmin: true },
      channel: { id: 'terminal' },
      trigger,
    };
    await this.#o.pipeline.handle(event, this.#surface(png?.[1]));
    return true;
  }

  #surface(pngPath?: string): Surface {
    const notice = async (tone: Tone, text: string) => this.#notice(tone, text);
    return {
      defaultVisibility: 'public',
      replyPrivately: notice,
      refuse: (r) => notice('info', r.text),
      reply: async (out: Outgoing) => {
        if (out.result.kind === 'answer') {
          const { answer } = out.result;
          this.#last = out.sessionId
            ? { session: out.sessionId, next: answer.offset + answer.passages.length }
            : undefined;
          this.#lastFoundNothing = answer.passages.length === 0;
        }
        this.#write(renderResult(out.result, this.#style));
        if (out.result.kind === 'trend' && pngPath) await this.#writeChart(out.result.trend, pngPath);
      },
    };
  }

  /** Tab completion (readline completer): command names, and article titles after `/article `. */
  async complete(line: string): Promise<[string[], string]> {
    const article = /^\/article\s+/i.exec(line);
    if (article) {
      // Completions must extend what was typed (readline inserts only what follows it): keep the
      // typed text as it is and add the rest of each title that starts with it.
      const partial = line.slice(article[0].length);
      const titles = (await this.#o.pipeline.services.answers.completeTitles(partial, 25))
        .map((t) => t.title)
        .filter((t) => t.toLowerCase().startsWith(partial.toLowerCase()))
        .map((t) => line + t.slice(partial.length));
      return [titles, line];
    }
    if (line.startsWith('/')) {
      const names = [...this.#o.pipeline.services.commands.map((c) => `/${c.name}`), '/more', '/quit'];
      return [names.filter((n) => n.startsWith(line)), line];
    }
    return [[], line];
  }

  async #writeChart(trend: Trend, file: string): Promise<void> {
    if (trendProblem(trend) || trend.totalPassages === 0) {
      this.#notice('info', `No chart written: nothing to draw.`);
      return;
    }
    try {
      await writeFile(file, trendPng(trend));
      this.#notice('success', `Chart written to ${file}`);
    } catch (err) {
      this.#notice('error', `Could not write ${file}: ${(err as Error).message}`);
    }
  }

  #notice(tone: Tone, text: string): void {
    this.#write(renderResult({ kind: 'notice', tone, text }, this.#style));
  }

  #write(text: string): void {
    this.#o.output.write(`${text}\n${this.#interactive ? '' : '\n'}`);
  }

  close(): void {
    this.#rl?.close();
  }
}
