import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The bot from its TypeScript sources (what `npm run dev` runs; `npm start` runs the same code compiled,
 * see test/build/), as a child process: one node process with tsx's loader (no npx wrapper that a kill
 * could orphan), stdin a pipe that stays open, stdout and stderr collected. Call {@link killBots} in
 * afterEach: every bot spawned here is tracked until it exits.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface SpawnBotOptions {
  /** Run from here, so no local .env is read. */
  cwd: string;
  args?: string[];
  /** The whole environment besides PATH: nothing leaks in from the test runner (no chat tokens). */
  env?: Record<string, string>;
  /** Longest wait of {@link BotProcess.waitFor} and {@link BotProcess.ask}. Default 15 s. */
  timeoutMs?: number;
  /** Node's arguments before `args`; default tsx's loader and src/main.ts. */
  node?: string[];
}

export interface BotProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exit: Promise<number | null>;
  /** Writes one line to stdin. */
  send(line: string): void;
  /** Resolves with the output (from `from` on) once it matches; rejects on timeout or exit. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, from?: number): Promise<string>;
  /** Sends a question and resolves with the reply (the terminal ends each reply with a blank line). */
  ask(question: string): Promise<string>;
}

const running = new Set<BotProcess>();

export function spawnBot(options: SpawnBotOptions): BotProcess {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const child = spawn(
    process.execPath,
    [...(options.node ?? ['--import', TSX, MAIN]), ...(options.args ?? [])],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  child.stdout?.on('data', (d: Buffer) => {
    out.stdout += d.toString();
    changed();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out.stderr += d.toString();
    changed();
  });
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      changed();
      resolve(code);
    }),
  );

  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp, from = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const text = out[stream].slice(from);
        if (pattern.test(text)) finish(() => resolve(text));
        else if (exited) finish(() => reject(failure(`exited before ${stream} matched ${pattern}`)));
      };
      const finish = (then: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        then();
      };
      const timer = setTimeout(
        () => finish(() => reject(failure(`no ${stream} matching ${pattern} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      listeners.add(check);
      check();
    });

  const failure = (what: string) =>
    new Error(
      `bot ${what}\n--- stdout ---\n${out.stdout.slice(-2000)}\n--- stderr ---\n${out.stderr.slice(-2000)}`,
    );

  const bot: BotProcess = {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exit,
    send: (line) => {
      child.stdin?.write(`${line}\n`);
    },
    waitFor,
    ask: async (question) => {
      const from = out.stdout.length;
      bot.send(question);
      await waitFor('stdout', /\n\n$/, from);
      // A reply is one write; a moment more in case the pipe split it at an inner blank line.
      await new Promise((r) => setTimeout(r, 50));
      return out.stdout.slice(from).trimEnd();
    },
  };
  running.add(bot);
  void exit.then(() => running.delete(bot));
  return bot;
}

/** Kills every bot still running and waits for each to exit (for afterEach). */
export async function killBots(): Promise<void> {
  await Promise.all(
    [...running].map(async (bot) => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      await bot.exit;
    }),
  );
}

/** Retries `attempt` until it returns something, up to `timeoutMs`; `what` names it in the failure. */
export async function eventually<T>(
  what: () => string,
  attempt: () => Promise<T | undefined>,
  { timeoutMs = 15_000, everyMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`${what()} not so within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
