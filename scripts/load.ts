/**
 * `npm run load`: N concurrent questions for a fixed time through the local Discord and Slack
 * stand-ins, answered by the bot running as its own process (`src/main.ts`, configured by environment
 * variables, as in production). The stand-ins and the load generator run in this process. Measures from
 * the event sent (gateway dispatch, signed HTTP post) to the reply received at the stand-in, and checks
 * that every question got its reply. Not a test: it prints figures.
 *
 *   npm run load -- [--concurrency 50 | --rate QPS] [--seconds 10] [--data DIR | --sotu] [--only discord|slack]
 *   npm run load -- --replicas 3 [same options]   (Slack HTTP mode on PostgreSQL: 1 replica, then 3)
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
import { measure } from './load-run.js';

const SIGNING_SECRET = 'load-signing-secret';

interface Options {
  concurrency: number;
  /** Open loop: questions started per second whatever the replies do (else N askers, closed loop). */
  rate?: number;
  seconds: number;
  dataDir?: string;
  sotu: boolean;
  kinds: Kind[];
  /** Set: Slack only, 1 then this many replicas on one PostgreSQL behind a round-robin proxy. */
  replicas?: number;
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
      replicas: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run load -- [--concurrency 50 | --rate QPS] [--seconds 10] [--data DIR | --sotu] [--only discord|slack] [--replicas N]\n',
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
  const replicas = values.replicas === undefined ? undefined : Number(values.replicas);
  if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1 && replicas <= 16)) {
    throw new Error('--replicas takes a whole number from 1 to 16');
  }
  return {
    concurrency,
    seconds,
    ...(rate ? { rate } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
    sotu: values.sotu,
    kinds,
    ...(replicas ? { replicas } : {}),
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
    if (o.replicas) {
      const { loadReplicas } = await import('./load-replicas.js');
      const { replicas, ...rest } = o;
      await loadReplicas({
        ...rest,
        replicas,
        dataDir: c.dataDir,
        corpusName: c.name,
        questions: c.questions,
        scratch,
        signingSecret: SIGNING_SECRET,
        discord,
        slack,
      });
      return;
    }
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
    let before = '';
    const cpuBefore = { at: process.cpuUsage() };
    const { tallies, elapsed } = await measure({
      ...o,
      questions: c.questions,
      people,
      afterWarmUp: async () => {
        before = await (bot as BotProcess).metrics();
        cpuBefore.at = process.cpuUsage();
      },
    });
    const after = await bot.metrics();
    /** How much a counter of the bot's grew during the measured run. */
    const grew = (name: string, labels: Record<string, string> = {}) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    const used = process.cpuUsage(cpuBefore.at);

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
