/**
 * `npm run load -- --replicas N`: the same Slack load against 1 replica, then N, each run on a fresh
 * PostgreSQL database (TEST_DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/test) and
 * behind the round-robin proxy the replica tests use. Every replica runs on this machine, so the figures
 * say what sharing one box's cores does, not what N machines would do.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DiscordStandIn } from '../standins/discord.js';
import { startRoundRobin } from '../standins/round-robin.js';
import type { SlackStandIn } from '../standins/slack.js';
import { askers, type Kind } from './load-askers.js';
import { type BotProcess, metricValue, startBot } from './load-bot.js';
import { report, type Tally } from './load-report.js';
import { measure } from './load-run.js';

export interface ReplicaLoadOptions {
  replicas: number;
  concurrency: number;
  rate?: number;
  seconds: number;
  dataDir: string;
  corpusName: string;
  questions: string[];
  scratch: string;
  signingSecret: string;
  discord: DiscordStandIn;
  slack: SlackStandIn;
}

const SERVER = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A new database on SERVER for one run, and how to drop it. */
async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `archivist_load_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: SERVER });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const KINDS: Kind[] = ['slack /ask', 'slack mention'];

interface Summary {
  replicas: number;
  perSecond: number;
  p50: number;
  p99: number;
  lost: number;
  botCpu: number;
  elapsed: number;
}

const percentile = (ms: number[], p: number) => {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

/** One run with `n` replicas; prints its full table and returns the summary line. */
async function runWith(n: number, o: ReplicaLoadOptions): Promise<Summary> {
  const db = await freshDatabase();
  const bots: BotProcess[] = [];
  let closeAskers = () => {};
  let closeLb = async () => {};
  try {
    process.stderr.write(`Starting ${n} replica${n === 1 ? '' : 's'} on one PostgreSQL database…\n`);
    const started = await Promise.allSettled(
      Array.from({ length: n }, async (_, i) => {
        const scratch = path.join(o.scratch, `r${n}-${i}`);
        await mkdir(scratch, { recursive: true });
        const slack = { apiUrl: o.slack.apiUrl, signingSecret: o.signingSecret };
        return startBot({ dataDir: o.dataDir, scratch, slack, databaseUrl: db.url });
      }),
    );
    for (const s of started) if (s.status === 'fulfilled') bots.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const lb = await startRoundRobin(bots.map((b) => new URL(b.eventsUrl).origin));
    closeLb = lb.close;
    const people = askers({
      discord: o.discord,
      slack: o.slack,
      eventsUrl: `${lb.url}/slack/events`,
      signingSecret: o.signingSecret,
      concurrency: o.concurrency,
    });
    closeAskers = people.close;
    const cpu = async () => {
      const texts = await Promise.all(bots.map((b) => b.metrics()));
      return texts.reduce((sum, t) => sum + metricValue(t, 'archivist_process_cpu_seconds_total'), 0);
    };
    let cpuBefore = 0;
    let generatorBefore = process.cpuUsage();
    const { tallies, elapsed } = await measure({
      ...o,
      kinds: KINDS,
      people,
      afterWarmUp: async () => {
        cpuBefore = await cpu();
        generatorBefore = process.cpuUsage();
      },
    });
    const botCpu = (await cpu()) - cpuBefore;
    const used = process.cpuUsage(generatorBefore);
    const undelivered = (await Promise.all(bots.map((b) => b.metrics()))).reduce(
      (sum, t) => sum + metricValue(t, 'archivist_errors_total', { kind: 'delivery' }),
      0,
    );
    const { text, all } = report({
      title: `${n} replica${n === 1 ? '' : 's'} (Slack HTTP, PostgreSQL, round robin) · ${o.corpusName} · ${o.rate ? `open loop at ${o.rate}/s` : `${o.concurrency} concurrent`}`,
      elapsed,
      rows: KINDS.map((k) => [k, tallies.get(k) as Tally]),
      undelivered,
      cpu: { bot: botCpu, generator: (used.user + used.system) / 1e6 },
      waits: 0,
    });
    process.stdout.write(`${text}Proxy errors (502, replica unreachable): ${lb.failed}\n\n`);
    return {
      replicas: n,
      perSecond: all.replied / elapsed,
      p50: percentile(all.ms, 50),
      p99: percentile(all.ms, 99),
      lost: all.sent - all.replied,
      botCpu,
      elapsed,
    };
  } finally {
    closeAskers();
    await closeLb();
    const codes = await Promise.all(bots.map((b) => b.stop()));
    if (codes.some((c) => c !== 0)) process.exitCode = 1;
    await db.drop();
  }
}

/** Runs 1 replica, then N, and prints both side by side. */
export async function loadReplicas(o: ReplicaLoadOptions): Promise<void> {
  const counts = o.replicas === 1 ? [1] : [1, o.replicas];
  const rows: Summary[] = [];
  for (const n of counts) rows.push(await runWith(n, o));
  const f = (x: number, w = 9) => x.toFixed(1).padStart(w);
  const lines = [
    `Replicas on one machine (${os.availableParallelism()} CPUs; the stand-in, the proxy and the askers share them):`,
    `${'replicas'.padEnd(9)}${'answers/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'lost'.padStart(6)}${'bot CPU s'.padStart(11)}`,
    ...rows.map(
      (r) =>
        `${String(r.replicas).padEnd(9)}${f(r.perSecond, 10)}${f(r.p50)}${f(r.p99)}${String(r.lost).padStart(6)}${f(r.botCpu, 11)}`,
    ),
  ];
  if (rows.length === 2 && o.replicas > os.availableParallelism()) {
    lines.push(
      `More replicas than CPUs: they take turns on the same cores, so this shows the cost of sharing ` +
        `the database and the proxy hop, not the scaling N machines would give.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (rows.some((r) => r.lost > 0)) process.exitCode = 1;
}
