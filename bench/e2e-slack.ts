/**
 * Archivist end to end, as a Slack workspace meets it: the compiled bot (`npm start`'s entry) in HTTP
 * mode against the Slack stand-in, `/ask` posted signed as Slack posts it, timed until the answer
 * reaches the command's response_url. One question at a time, so the figures are the answer's own
 * path (HTTP, Bolt, the pipeline, search, rendering), not queueing behind other askers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type SlackStandIn,
  signSlackRequest,
  slashCommandForm,
  startSlackStandIn,
} from '../standins/slack.js';
import { percentile } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-signing-secret';

export interface E2eResult {
  /** Sequential `/ask`, event sent → answer at response_url. */
  ask: { p50: number; p99: number; samples: number };
  /** The cheap question on its own, and sent 2 ms after a 3,900-character one. */
  cheapAlone: { p50: number; max: number };
  cheapBeside: { p50: number; max: number; trials: number };
  expensive: { p50: number; chars: number };
  /** Start to healthy with no saved index of its own (each search shard builds and saves one). */
  firstStartMs: number;
  /** Start to healthy again, from the saved shard indexes: what a restart costs. */
  startMs: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

/** Starts `node scripts/start.mjs src/main.js` (the compiled bot) and waits for its /healthz. */
async function startBot(o: {
  dataDir: string;
  cacheFile: string;
  scratch: string;
  slack: SlackStandIn;
  path: string;
}): Promise<{ eventsUrl: string; startMs: number; stop(): Promise<void> }> {
  const [port, httpPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), 'src/main.js'], {
    cwd: o.scratch,
    env: {
      PATH: o.path,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: o.slack.apiUrl,
      PORT: String(port),
      HTTP_PORT: String(httpPort),
      DATA_DIR: o.dataDir,
      INDEX_CACHE: o.cacheFile,
      STATE_DB: path.join(o.scratch, 'archivist.db'),
      MAX_QUESTION_CHARS: '4000',
      RATE_LIMIT_USER: '100000/1s',
      RATE_LIMIT_CHANNEL: '100000/1s',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    tail.push(...d.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the bot exited with ${exitCode}:\n${tail.join('\n')}`);
    const ok = await fetch(`http://127.0.0.1:${httpPort}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot was not healthy after 300 s:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    startMs: performance.now() - started,
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function e2eSlack(o: {
  dataDir: string;
  questions: string[];
  cheap: string;
  expensive: string;
  rounds: number;
  /** The bot's PATH (its only inherited setting). */
  path: string;
}): Promise<E2eResult> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'archivist-bench-e2e-'));
  const slack = await startSlackStandIn();
  // The bot's own saved index, one per search shard (beside INDEX_CACHE): built on a first start, then
  // loaded by the second, which is the one measured.
  const botOptions = {
    dataDir: o.dataDir,
    cacheFile: path.join(scratch, 'index.json'),
    scratch,
    slack,
    path: o.path,
  };
  const first = await startBot(botOptions);
  await first.stop();
  const bot = await startBot(botOptions);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let seq = 0;
  /** One `/ask`, resolved with the ms from the post to the answer at its response_url. */
  const ask = async (question: string, user = 'U000001'): Promise<number> => {
    const rid = `bench${seq++}`;
    if (slack.calls.length > 200) slack.calls.length = 0;
    const reply = slack.waitFor((call) => call.path === `/response/${rid}`, 60_000);
    const raw = new URLSearchParams(
      slashCommandForm({
        command: '/ask',
        text: question,
        userId: user,
        responseUrl: slack.responseUrl(rid),
      }),
    ).toString();
    const t = performance.now();
    const req = request(bot.eventsUrl, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(raw)),
        ...signSlackRequest(SECRET, raw),
      },
    });
    req.on('response', (res) => res.resume());
    req.end(raw);
    await reply;
    return performance.now() - t;
  };
  try {
    for (const q of o.questions) await ask(q); // warm-up
    const samples: number[] = [];
    for (let r = 0; r < o.rounds; r++) for (const q of o.questions) samples.push(await ask(q));

    const alone: number[] = [];
    const beside: number[] = [];
    const expensive: number[] = [];
    for (let i = 0; i < 10; i++) alone.push(await ask(o.cheap, 'U000002'));
    for (let i = 0; i < 10; i++) {
      const big = ask(o.expensive, 'U000003');
      await new Promise((r) => setTimeout(r, 2));
      beside.push(await ask(o.cheap, 'U000002'));
      expensive.push(await big);
    }
    return {
      ask: { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), samples: samples.length },
      cheapAlone: { p50: percentile(alone, 0.5), max: Math.max(...alone) },
      cheapBeside: { p50: percentile(beside, 0.5), max: Math.max(...beside), trials: beside.length },
      expensive: { p50: percentile(expensive, 0.5), chars: o.expensive.length },
      firstStartMs: first.startMs,
      startMs: bot.startMs,
    };
  } finally {
    agent.destroy();
    await bot.stop();
    await slack.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
