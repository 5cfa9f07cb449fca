/**
 * The bot under load, as production runs it: its own process (`node --import tsx src/main.ts`),
 * configured through environment variables only, pointed at the local stand-ins.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'src/main.ts');
// `--import tsx` by file URL: the bot runs from a scratch folder (so no local .env is read).
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface BotSettings {
  /** Absolute folder of the articles. */
  dataDir: string;
  /** Working folder and home of the state store; removed by the caller. */
  scratch: string;
  /** Unset: Slack only (replicas behind a load balancer serve Slack's HTTP requests). */
  discord?: { applicationId: string; url: string };
  slack: { apiUrl: string; signingSecret: string };
  /** PostgreSQL state store shared by replicas; unset: a SQLite file in `scratch`. */
  databaseUrl?: string;
}

export interface BotProcess {
  /** Where the stand-in Slack posts events and slash commands (HTTP mode). */
  eventsUrl: string;
  /** The bot's Prometheus text. */
  metrics(): Promise<string>;
  /** SIGTERM, then its exit code (null if it had to be killed after 30 s). */
  stop(): Promise<number | null>;
}

/** A port free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

/** Starts the bot and resolves once its /healthz says the index is loaded and both platforms connected. */
export async function startBot(s: BotSettings): Promise<BotProcess> {
  const [port, httpPort] = [await freePort(), await freePort()];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(s.discord
      ? {
          DISCORD_TOKEN: 'load-token',
          DISCORD_APP_ID: s.discord.applicationId,
          DISCORD_API_URL: s.discord.url,
        }
      : {}),
    SLACK_BOT_TOKEN: 'xoxb-load',
    SLACK_SIGNING_SECRET: s.slack.signingSecret,
    SLACK_API_URL: s.slack.apiUrl,
    PORT: String(port),
    HTTP_PORT: String(httpPort),
    HTTP_HOST: '127.0.0.1',
    DATA_DIR: s.dataDir,
    INDEX_CACHE: 'off',
    STATE_DB: path.join(s.scratch, 'state', 'archivist.db'),
    ...(s.databaseUrl ? { DATABASE_URL: s.databaseUrl } : {}),
    // The load comes from a few dozen users in one channel: exactly what the limiter exists to stop.
    // Generous limits keep it in the path (as in production) without refusing anything.
    RATE_LIMIT_USER: '100000/1s',
    RATE_LIMIT_CHANNEL: '100000/1s',
    LOG_LEVEL: 'warn',
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd: s.scratch,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The last lines it logged (warnings and errors), to show if it fails.
  const tail: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    tail.push(...d.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const ops = `http://127.0.0.1:${httpPort}`;
  const fail = (why: string) => new Error(`${why}; its last log lines:\n${tail.join('\n')}`);

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exitCode !== undefined) throw fail(`the bot exited with code ${exitCode} while starting`);
    const ok = await fetch(`${ops}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw fail('the bot was not healthy after 180 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    metrics: async () => (await fetch(`${ops}/metrics`)).text(),
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) process.stderr.write(`${tail.join('\n')}\n`);
      return code;
    },
  };
}

/** The sum of a metric's samples whose labels include all of `labels`, from Prometheus text. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}
