/**
 * `npm run load`: N concurrent questions for a fixed time through the local Discord and Slack
 * stand-ins, answered by the real adapters (discord.js Client, Bolt App) in this process. Measures from
 * the event sent (gateway dispatch, signed HTTP post) to the reply received at the stand-in, and checks
 * that every question got its reply. Not a test: it prints figures.
 *
 *   npm run load -- [--concurrency 50 | --rate QPS] [--seconds 10] [--data DIR | --sotu] [--only discord|slack]
 *
 * Closed loop (default): N askers, each asking again as soon as its answer arrives, half on each
 * platform: a saturation test, whose latency is mostly the queue. Open loop (`--rate`): questions start
 * at a steady rate whatever the replies do: the latency people see at that load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { InFlight } from '../src/adapters/shared/inflight.js';
import { loadConfig } from '../src/config/index.js';
import { AnswerService } from '../src/core/answer-service.js';
import { openArchive } from '../src/core/archive.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/observability/metrics.js';
import { type DiscordStandIn, startDiscordStandIn } from '../test/standins/discord.js';
import {
  eventCallback,
  type SlackStandIn,
  STANDIN_BOT_USER_ID,
  signSlackRequest,
  slashCommandForm,
  startSlackStandIn,
} from '../test/standins/slack.js';
import { report, type Tally } from './load-report.js';

const SIGNING_SECRET = 'load-signing-secret';
type Kind = 'discord /ask' | 'discord mention' | 'slack /ask' | 'slack mention';
const KINDS: Kind[] = ['discord /ask', 'discord mention', 'slack /ask', 'slack mention'];

interface Options {
  concurrency: number;
  /** Open loop: questions started per second whatever the replies do (else N askers, closed loop). */
  rate?: number;
  seconds: number;
  dataDir?: string;
  sotu: boolean;
  kinds: Kind[];
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '50' },
      rate: { type: 'string' },
      seconds: { type: 'string', default: '10' },
      data: { type: 'string' },
      sotu: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run load -- [--concurrency 50 | --rate QPS] [--seconds 10] [--data DIR | --sotu] [--only discord|slack]\n',
    );
    process.exit(0);
  }
  const concurrency = Number(values.concurrency);
  const seconds = Number(values.seconds);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (!(concurrency >= 1 && seconds > 0 && (rate === undefined || rate > 0))) {
    throw new Error('--concurrency, --seconds and --rate must be positive numbers');
  }
  const kinds = values.only ? KINDS.filter((k) => k.startsWith(values.only ?? '')) : KINDS;
  if (kinds.length === 0) throw new Error('--only takes discord or slack');
  return {
    concurrency,
    seconds,
    ...(rate ? { rate } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
    sotu: values.sotu,
    kinds,
  };
}

async function corpus(
  o: Options,
  scratch: string,
): Promise<{ dataDir: string; name: string; questions: string[] }> {
  if (o.sotu) {
    // The ingest/bench helper's SOTU import (bench/sotu.ts): the addresses written as articles.
    const { importSotu } = await import('../bench/sotu.js');
    const { sotuQuestions } = await import('../bench/questions-sotu.js');
    const { dataDir } = await importSotu(scratch);
    return { dataDir, name: 'SOTU addresses', questions: sotuQuestions.map((q) => q.question) };
  }
  const { bundledQuestions } = await import('../test/fixtures/questions-bundled.js');
  const dataDir = o.dataDir ?? 'data/articles';
  return {
    dataDir,
    name: o.dataDir ? dataDir : 'bundled articles',
    questions: bundledQuestions.map((q) => q.question),
  };
}

async function main(): Promise<void> {
  const o = options();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'archivist-load-'));
  const discord: DiscordStandIn = await startDiscordStandIn();
  const slack: SlackStandIn = await startSlackStandIn();
  const stops: Array<() => Promise<void>> = [];
  try {
    const c = await corpus(o, scratch);
    const archive = await openArchive({ dataDir: c.dataDir, cacheFile: false });
    const answers = new AnswerService(archive);
    process.stderr.write(
      `Corpus: ${c.name} (${archive.articles.size} articles, ${archive.passages.size} passages); ` +
        `${o.rate ? `${o.rate} questions/s` : `${o.concurrency} concurrent`} for ${o.seconds} s\n`,
    );
    const config = loadConfig({
      dotenvDir: false,
      env: {
        DISCORD_TOKEN: 'load-token',
        DISCORD_APP_ID: discord.applicationId,
        DISCORD_API_URL: discord.url,
        SLACK_BOT_TOKEN: 'xoxb-load',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        INDEX_CACHE: 'off',
      },
    });
    // Production log level, written nowhere; metrics and in-flight tracking as main.ts wires them. No
    // rate limiter: the load comes from a handful of users in one channel, which it exists to stop.
    const logger = createLogger({
      level: 'info',
      destination: new Writable({ write: (_c, _e, done) => done() }),
    });
    const metrics = new Metrics();
    const services = { metrics, inflight: new InFlight((n) => metrics.inFlight.set(n)) };
    const { startDiscord } = await import('../src/adapters/discord/start.js');
    const { startSlack } = await import('../src/adapters/slack/start.js');
    const d = await startDiscord({ config, answers, logger, services });
    stops.push(() => d.stop());
    const s = await startSlack(
      { config, answers, logger, services },
      { listen: { port: 0, host: '127.0.0.1' }, retryConfig: { retries: 0 } },
    );
    stops.push(() => s.stop());
    const eventsUrl = s.eventsUrl ?? '';
    // Slack keeps its connections to an app open; so does this sender (the tests' helper does not).
    const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
    stops.unshift(async () => agent.destroy());
    /** A signed request to the Bolt receiver, as Slack sends it. Failures show up as lost replies. */
    const post = (body: { form?: Record<string, string>; json?: unknown }) => {
      const raw = body.form ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json);
      const headers = {
        'content-type': body.form ? 'application/x-www-form-urlencoded' : 'application/json',
        'content-length': String(Buffer.byteLength(raw)),
        ...signSlackRequest(SIGNING_SECRET, raw),
      };
      const req = request(eventsUrl, { method: 'POST', headers, agent }, (res) => res.resume());
      req.on('error', () => undefined);
      req.end(raw);
    };

    const tallies = new Map<Kind, Tally>(KINDS.map((k) => [k, { sent: 0, replied: 0, lost: 0, ms: [] }]));
    let seq = 0;
    const TIMEOUT = 10_000;

    /** Sends one question of `kind`; resolves when its reply reaches the stand-in. */
    async function one(kind: Kind, question: string, worker: number): Promise<void> {
      const n = seq++;
      // Recorded requests are only scanned by waitFor before it registers: keep the lists short. Safe,
      // since every waiter below is registered before its event can be answered.
      if (discord.requests.length > 200) discord.requests.length = 0;
      if (slack.calls.length > 200) slack.calls.length = 0;
      const userId = String(100000000000000000n + BigInt(worker));
      let reply: Promise<unknown>;
      const started = performance.now();
      if (kind === 'discord /ask') {
        const { token } = discord.sendSlashCommand({
          name: 'ask',
          options: [{ name: 'question', type: 3, value: question }],
          userId,
        });
        reply = discord.waitFor(
          (r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/`),
          TIMEOUT,
        );
      } else if (kind === 'discord mention') {
        const { id } = discord.sendMessage({ content: question, mentionsBot: true, authorId: userId });
        reply = discord.waitFor(
          (r) =>
            r.method === 'POST' &&
            (r.path === `/channels/${id}/messages` || r.body?.message_reference?.message_id === id),
          TIMEOUT,
        );
      } else if (kind === 'slack /ask') {
        const rid = `load${n}`;
        reply = slack.waitFor((call) => call.path === `/response/${rid}`, TIMEOUT);
        post({
          form: slashCommandForm({
            command: '/ask',
            text: question,
            userId: `U${worker}`,
            responseUrl: slack.responseUrl(rid),
          }),
        });
      } else {
        const ts = `${1_800_000_000 + n}.000100`;
        reply = slack.waitFor(
          (call) => call.method === 'chat.postMessage' && call.body.thread_ts === ts,
          TIMEOUT,
        );
        post({
          json: eventCallback({
            event: {
              type: 'app_mention',
              user: `U${worker}`,
              text: `<@${STANDIN_BOT_USER_ID}> ${question}`,
              ts,
              channel: 'C0GENERAL',
            },
          }),
        });
      }
      const t = tallies.get(kind) as Tally;
      t.sent++;
      try {
        await reply;
        t.replied++;
        t.ms.push(performance.now() - started);
      } catch {
        t.lost++;
      }
    }

    // Warm-up: JIT, caches (Slack's users.info per user), connections. Not measured.
    for (const k of KINDS) {
      await Promise.all(
        Array.from({ length: o.concurrency }, (_, w) =>
          one(k, c.questions[w % c.questions.length] ?? 'Xi', w),
        ),
      );
    }
    for (const t of tallies.values()) Object.assign(t, { sent: 0, replied: 0, lost: 0, ms: [] });

    const pick = (i: number) =>
      [o.kinds[i % o.kinds.length] as Kind, c.questions[i % c.questions.length] as string] as const;
    const deadline = performance.now() + o.seconds * 1000;
    const began = performance.now();
    if (o.rate) {
      // Open loop: a question every 1/rate s, spread over the askers, whether or not replies keep up.
      const pending: Array<Promise<void>> = [];
      const every = 1000 / o.rate;
      for (let i = 0; began + i * every < deadline; i++) {
        const due = began + i * every - performance.now();
        if (due > 0) await new Promise((r) => setTimeout(r, due));
        pending.push(one(...pick(i), i % o.concurrency));
      }
      await Promise.all(pending);
    } else {
      // Closed loop: N askers, each asking again as soon as its reply arrives. Each asker stays on one
      // platform (alternating slash command and mention), so a slow platform does not hold the other back.
      const platforms = [...new Set(o.kinds.map((k) => k.split(' ')[0]))];
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, w) => {
          const mine = o.kinds.filter((k) => k.startsWith(platforms[w % platforms.length] ?? ''));
          for (let i = 0; performance.now() < deadline; i++) {
            await one(mine[i % mine.length] as Kind, c.questions[(w + i) % c.questions.length] as string, w);
          }
        }),
      );
    }
    const elapsed = (performance.now() - began) / 1000;

    const { text, all } = report({
      title: `Corpus: ${c.name}, ${archive.passages.size} passages · ${o.rate ? `open loop at ${o.rate}/s` : `${o.concurrency} concurrent`}`,
      elapsed,
      rows: o.kinds.map((k) => [k, tallies.get(k) as Tally]),
      undelivered: await metrics.count(metrics.errors, { kind: 'delivery' }),
    });
    process.stdout.write(text);
    if (all.lost > 0 || all.replied !== all.sent) {
      process.stdout.write(`LOST: ${all.sent - all.replied} replies never arrived\n`);
      process.exitCode = 1;
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await discord.close();
    await slack.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
