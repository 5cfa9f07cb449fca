/**
 * `npm run load`: N concurrent questions for a fixed time through the local Discord and Slack
 * stand-ins, answered by the bot running as its own process (`src/main.ts`, configured by environment
 * variables, as in production). The stand-ins and the load generator run in this process. Measures from
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
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDiscordStandIn } from '../standins/discord.js';
import { startSlackStandIn } from '../standins/slack.js';
import { askers, KINDS, type Kind } from './load-askers.js';
import { type BotProcess, metricValue, startBot } from './load-bot.js';
import { report, type Tally } from './load-report.js';

const SIGNING_SECRET = 'load-signing-secret';

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

/** The articles (an absolute folder, for the bot's process) and the questions asked of them. */
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
  const { bundledQuestions } = await import('../bench/questions-bundled.js');
  return {
    dataDir: path.resolve(o.dataDir ?? 'data/articles'),
    name: o.dataDir ?? 'bundled articles',
    questions: bundledQuestions.map((q) => q.question),
  };
}

async function main(): Promise<void> {
  const o = options();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'archivist-load-'));
  const discord = await startDiscordStandIn();
  const slack = await startSlackStandIn();
  let bot: BotProcess | undefined;
  let closeAskers: () => void = () => undefined;
  try {
    const c = await corpus(o, scratch);
    process.stderr.write(`Starting the bot on ${c.name}…\n`);
    bot = await startBot({
      dataDir: c.dataDir,
      scratch,
      discord,
      slack: { apiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET },
    });
    const index = await bot.metrics();
    const passages = metricValue(index, 'archivist_index_passages');
    process.stderr.write(
      `Corpus: ${c.name} (${metricValue(index, 'archivist_index_articles')} articles, ${passages} passages); ` +
        `${o.rate ? `${o.rate} questions/s` : `${o.concurrency} concurrent`} for ${o.seconds} s\n`,
    );
    const people = askers({
      discord,
      slack,
      eventsUrl: bot.eventsUrl,
      signingSecret: SIGNING_SECRET,
      concurrency: o.concurrency,
    });
    closeAskers = people.close;
    const tallies = new Map<Kind, Tally>(KINDS.map((k) => [k, { sent: 0, replied: 0, lost: 0, ms: [] }]));
    const one = async (kind: Kind, question: string, worker: number): Promise<void> => {
      const t = tallies.get(kind) as Tally;
      t.sent++;
      try {
        t.ms.push(await people.ask(kind, question, worker));
        t.replied++;
      } catch {
        t.lost++;
      }
    };

    // Warm-up: JIT, caches (Slack's users.info per user), connections. Not measured.
    for (const k of o.kinds) {
      await Promise.all(
        Array.from({ length: o.concurrency }, (_, w) =>
          one(k, c.questions[w % c.questions.length] ?? 'Xi', w),
        ),
      );
    }
    for (const t of tallies.values()) Object.assign(t, { sent: 0, replied: 0, lost: 0, ms: [] });

    const before = await bot.metrics();
    const cpuBefore = process.cpuUsage();
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
    const after = await bot.metrics();
    /** How much a counter of the bot's grew during the measured run. */
    const grew = (name: string, labels: Record<string, string> = {}) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    const used = process.cpuUsage(cpuBefore);

    const { text, all } = report({
      title: `Corpus: ${c.name}, ${passages} passages · ${o.rate ? `open loop at ${o.rate}/s` : `${o.concurrency} concurrent`}`,
      elapsed,
      rows: o.kinds.map((k) => [k, tallies.get(k) as Tally]),
      undelivered: metricValue(after, 'archivist_errors_total', { kind: 'delivery' }),
      cpu: { bot: grew('archivist_process_cpu_seconds_total'), generator: (used.user + used.system) / 1e6 },
      waits: grew('archivist_errors_total', { platform: 'discord', kind: 'platform_rate_limited' }),
    });
    process.stdout.write(text);
    if (all.lost > 0 || all.replied !== all.sent) {
      process.stdout.write(`LOST: ${all.sent - all.replied} replies never arrived\n`);
      process.exitCode = 1;
    }
  } finally {
    closeAskers();
    if (bot) {
      const code = await bot.stop();
      process.stdout.write(`Bot process stopped (SIGTERM): exit code ${code}\n`);
      if (code !== 0) process.exitCode = 1;
    }
    await discord.close();
    await slack.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
