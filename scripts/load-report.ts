import os from 'node:os';

/** What one kind of question (or all of them) did during a load run. */
export interface Tally {
  sent: number;
  replied: number;
  lost: number;
  /** Event-to-reply times of the replies that arrived. */
  ms: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const HEAD = [
  'event-to-reply'.padEnd(16),
  ...['sent', 'replied', 'lost', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'].map((h) => h.padStart(8)),
];

function row(name: string, t: Tally): string {
  const ms = [...t.ms].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(8);
  const n = (x: number) => String(x).padStart(8);
  return [
    name.padEnd(16),
    n(t.sent),
    n(t.replied),
    n(t.lost),
    f(percentile(ms, 50)),
    f(percentile(ms, 95)),
    f(percentile(ms, 99)),
    f(ms[ms.length - 1] ?? Number.NaN),
  ].join(' ');
}

/** CPU seconds over a wall-clock span, as a share of one core. */
function cpuShare(seconds: number, elapsed: number): string {
  return `${seconds.toFixed(1)} s (${((seconds / elapsed) * 100).toFixed(0)}% of a core)`;
}

/** The printed table of `npm run load`, per kind and for all questions together. */
export function report(o: {
  title: string;
  elapsed: number;
  rows: Array<[string, Tally]>;
  undelivered: number;
  /** CPU seconds used during the measured run by the bot's process and by this one (stand-ins, askers). */
  cpu: { bot: number; generator: number };
  /** Requests discord.js held back or retried for a rate limit (its own global limit included). */
  waits: number;
}): {
  text: string;
  all: Tally;
} {
  const all: Tally = { sent: 0, replied: 0, lost: 0, ms: [] };
  for (const [, t] of o.rows) {
    all.sent += t.sent;
    all.replied += t.replied;
    all.lost += t.lost;
    all.ms.push(...t.ms);
  }
  const lines = [
    `Machine: ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} CPUs, Node ${process.version}`,
    `${o.title} · ${o.elapsed.toFixed(1)} s · ${(all.sent / o.elapsed).toFixed(0)} questions/s`,
    '',
    HEAD.join(' '),
    ...o.rows.map(([name, t]) => row(name, t)),
    row('all', all),
    '',
    `Undelivered (archivist_errors_total{kind="delivery"}): ${o.undelivered}`,
    `Discord rate-limit waits (archivist_errors_total{kind="platform_rate_limited"}): ${o.waits}`,
    `CPU: bot process ${cpuShare(o.cpu.bot, o.elapsed)}, ` +
      `${all.sent > 0 ? ((o.cpu.bot * 1000) / all.sent).toFixed(2) : '–'} ms per question; ` +
      `stand-ins and askers ${cpuShare(o.cpu.generator, o.elapsed)}`,
  ];
  return { text: `${lines.join('\n')}\n`, all };
}
