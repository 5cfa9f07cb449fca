import path from 'node:path';
import { type BotProcess, ROOT, spawnBot } from './spawn-bot.js';

/** One bot process (as `npm start` runs it) and where its Slack HTTP receiver listens. */
export interface Replica {
  bot: BotProcess;
  /** `http://127.0.0.1:PORT` (append `/slack/events`). */
  base: string;
}

/** The port a process logged in a JSON line with `msg` (its listener was started on port 0). */
async function loggedPort(bot: BotProcess, msg: string, field: 'eventsUrl' | 'port'): Promise<number> {
  const text = await bot.waitFor('stderr', new RegExp(`"msg":"${msg}"`));
  const line = text.split('\n').find((l) => l.includes(`"msg":"${msg}"`)) ?? '';
  const value = JSON.parse(line)[field];
  return field === 'port' ? Number(value) : Number(new URL(String(value)).port);
}

/**
 * Starts `count` replicas in Slack HTTP mode on the same settings (one DATABASE_URL, one stand-in),
 * each on a port of its own, and resolves once every one says `slack ready`. They start together, as
 * a deployment's replicas do (their migrations queue on the advisory lock).
 */
export async function startSlackReplicas(o: {
  count: number;
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<Replica[]> {
  const bots = Array.from({ length: o.count }, (_, i) =>
    spawnBot({
      cwd: o.cwd,
      timeoutMs: o.timeoutMs ?? 60_000,
      env: {
        DATA_DIR: path.join(ROOT, 'data/articles'),
        INDEX_CACHE: 'off',
        STATE_DB: path.join(o.cwd, `replica${i}.db`),
        PORT: '0',
        LOG_LEVEL: 'info',
        ...o.env,
      },
    }),
  );
  const ports = await Promise.all(bots.map((bot) => loggedPort(bot, 'slack ready', 'eventsUrl')));
  return bots.map((bot, i) => ({ bot, base: `http://127.0.0.1:${ports[i]}` }));
}

/** A replica's ops endpoint (/healthz, /metrics), when it was started with HTTP_PORT=0. */
export async function opsUrl(bot: BotProcess): Promise<string> {
  return `http://127.0.0.1:${await loggedPort(bot, 'ops endpoint listening', 'port')}`;
}
