import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { ArchivistError } from '../core/errors.js';
import type { RateLimit } from '../core/rate-limit.js';
import { type DailyChannelSetting, type Env, envSchema, parseShardIds } from './schema.js';

export type { DailyChannelSetting } from './schema.js';

/** Validated settings, parsed once at start and passed down. Nothing else reads process.env. */
export interface Config {
  dataDir: string;
  indexCache: string | false;
  /** Live reindex: article files added, changed or removed while running are picked up. */
  watchData: boolean;
  /** Poll the articles folder (network filesystems, where change events from other hosts never arrive). */
  watchPoll: boolean;
  logLevel: Env['LOG_LEVEL'];
  maxQuestionChars: number;
  resultsPerPage: number;
  /** Search worker threads, one index shard each; 0 searches on the main thread. Default: one per core. */
  searchWorkers: number;
  /** Larger article files are skipped (a problem naming the file), and ingest writes none. */
  maxArticleBytes: number;
  /** Largest JSON text ingest parses at once (a .json file, one .jsonl line): bounds its memory. */
  maxJsonImportBytes: number;
  discord?: {
    token: string;
    appId: string;
    guildId?: string;
    apiUrl: string;
    /** Sharding: how many shards in all (`auto`: what Discord recommends) and which this process runs. */
    shards?: { count: number | 'auto'; ids?: number[] };
    /** The privileged Message Content intent: answer plain follow-ups in threads the bot started. */
    messageContent: boolean;
  };
  slack?: {
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    apiUrl: string;
    commandPrefix: string;
    port: number;
    mode: 'socket' | 'http';
  };
  /** Settings the deploy and manifest scripts need even when the bot itself is not started. */
  raw: Env;
  /**
   * DISCORD_… and SLACK_… names in the environment that are no setting of ours (a misspelled
   * DISCORD_BOT_TOKEN): named when nothing starts, so a typo does not look like success. Names only.
   */
  unknownSettings: string[];
  /** PostgreSQL state store shared by several replicas; unset: the SQLite file `daily.stateDb`. */
  databaseUrl?: string;
  daily: {
    /** SQLite file of the state store (subscriptions, post ledger, feedback), when no databaseUrl. */
    stateDb: string;
    /** Default local time and zone of a subscription. */
    time: string;
    timeZone: string;
    /** Channels subscribed by config rather than by command. */
    channels: DailyChannelSetting[];
    /** How long after its time a missed post still goes out. */
    catchupHours: number;
    /** Failed attempts in a row before a channel is disabled. */
    maxFailures: number;
    /** DAILY_SEND_LEASE_SECONDS in ms: a `sending` row older than this is reconciled. */
    sendLeaseMs: number;
    /** 0: post nothing on an empty day; N: the nearest anniversary within N days. */
    nearestDays: number;
  };
  /** News feeds polled into the articles folder (src/feeds/). */
  feeds: {
    /** FEEDS: polled without a command. */
    urls: string[];
    pollMs: number;
    /** Whole-request limit for a feed or a page. */
    timeoutMs: number;
    /** Largest feed or page body read; the download stops there. */
    maxBytes: number;
    /** Failures in a row before a feed is paused. */
    maxFailures: number;
  };
  /** Running unattended: the ops endpoint, rate limits and shutdown. */
  ops: {
    /** Port of /healthz and /metrics; undefined: no endpoint. */
    httpPort?: number;
    httpHost: string;
    /** Per user and per channel; undefined: not limited. */
    rateLimits: { user?: RateLimit; channel?: RateLimit };
    /** How long a shutdown waits for answers in flight. */
    shutdownTimeoutMs: number;
  };
}

export interface LoadConfigOptions {
  /** Environment to read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Read `.env` from this folder first (values already in env win). Default: the working directory; false: skip. */
  dotenvDir?: string | false;
  /** Command-line overrides, e.g. `{ DATA_DIR: '…' }` from `--data`. */
  overrides?: Partial<Record<keyof Env, string>>;
  /** Defaults of this entry point, used where neither the environment nor `.env` sets the key. */
  defaults?: Partial<Record<keyof Env, string>>;
}

/**
 * Reads and validates every setting at once. Every problem is named in one error, with what to do,
 * so a new user fixes their `.env` in one pass instead of one restart per mistake.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  const dir = options.dotenvDir === undefined ? process.cwd() : options.dotenvDir;
  if (dir !== false && existsSync(path.join(dir, '.env'))) {
    const fromFile: Record<string, string> = {};
    dotenv.config({ path: path.join(dir, '.env'), processEnv: fromFile, quiet: true });
    for (const [k, v] of Object.entries(fromFile)) if (env[k] === undefined) env[k] = v;
  }
  for (const [k, v] of Object.entries(options.defaults ?? {})) if (env[k] === undefined) env[k] = v;
  Object.assign(env, options.overrides);
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.success ? parsed.data : undefined;
  if (e?.DISCORD_TOKEN && !e.DISCORD_APP_ID) {
    problems.push(
      'DISCORD_APP_ID is missing: copy the Application ID from the Developer Portal (General Information)',
    );
  }
  if (e?.DISCORD_SHARD_IDS && !e.DISCORD_SHARDS) {
    problems.push('DISCORD_SHARD_IDS needs DISCORD_SHARDS (the total number of shards, or auto)');
  }
  const shardIds = e?.DISCORD_SHARD_IDS ? parseShardIds(e.DISCORD_SHARD_IDS) : undefined;
  if (
    shardIds &&
    /^\d+$/.test(e?.DISCORD_SHARDS ?? '') &&
    shardIds.some((i) => i >= Number(e?.DISCORD_SHARDS))
  ) {
    problems.push(
      `DISCORD_SHARD_IDS lists a shard at or past DISCORD_SHARDS=${e?.DISCORD_SHARDS} (ids start at 0)`,
    );
  }
  if (e?.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_APP_TOKEN (Socket Mode, recommended) or SLACK_SIGNING_SECRET (HTTP mode) is missing: set one of them',
    );
  }
  if (e && !e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    problems.push(
      'SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
    );
  }
  if (problems.length > 0 || !e) {
    throw new ArchivistError(
      'CONFIG_INVALID',
      `${problems.length} setting${problems.length === 1 ? '' : 's'} to fix (in .env or the environment):\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
  }
  return {
    dataDir: e.DATA_DIR,
    indexCache: e.INDEX_CACHE === '' || e.INDEX_CACHE === 'off' ? false : e.INDEX_CACHE,
    watchData: e.WATCH_DATA === 'on',
    watchPoll: e.WATCH_POLL === 'on',
    logLevel: e.LOG_LEVEL,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    resultsPerPage: e.RESULTS_PER_PAGE,
    searchWorkers: e.SEARCH_WORKERS ?? availableParallelism(),
    maxArticleBytes: e.MAX_ARTICLE_BYTES,
    maxJsonImportBytes: e.MAX_JSON_IMPORT_BYTES,
    ...(e.DISCORD_TOKEN && e.DISCORD_APP_ID
      ? {
          discord: {
            token: e.DISCORD_TOKEN,
            appId: e.DISCORD_APP_ID,
            ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
            apiUrl: e.DISCORD_API_URL,
            messageContent: e.DISCORD_MESSAGE_CONTENT === 'on',
            ...(e.DISCORD_SHARDS
              ? {
                  shards: {
                    count: e.DISCORD_SHARDS === 'auto' ? ('auto' as const) : Number(e.DISCORD_SHARDS),
                    ...(e.DISCORD_SHARD_IDS ? { ids: parseShardIds(e.DISCORD_SHARD_IDS) ?? [] } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(e.SLACK_BOT_TOKEN
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
            ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
            apiUrl: e.SLACK_API_URL,
            commandPrefix: e.SLACK_COMMAND_PREFIX,
            port: e.PORT,
            mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
          },
        }
      : {}),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    daily: {
      stateDb: e.STATE_DB,
      time: e.DAILY_TIME,
      timeZone: e.DAILY_TIMEZONE,
      channels: e.DAILY_CHANNELS,
      catchupHours: e.DAILY_CATCHUP_HOURS,
      maxFailures: e.DAILY_MAX_FAILURES,
      sendLeaseMs: e.DAILY_SEND_LEASE_SECONDS * 1000,
      nearestDays: e.ONTHISDAY_NEAREST_DAYS,
    },
    feeds: {
      urls: e.FEEDS,
      pollMs: e.FEED_POLL_SECONDS * 1000,
      timeoutMs: e.FEED_TIMEOUT_SECONDS * 1000,
      maxBytes: e.FEED_MAX_BYTES,
      maxFailures: e.FEED_MAX_FAILURES,
    },
    ops: {
      ...(e.HTTP_PORT !== undefined ? { httpPort: e.HTTP_PORT } : {}),
      httpHost: e.HTTP_HOST,
      rateLimits: {
        ...(e.RATE_LIMIT_USER ? { user: e.RATE_LIMIT_USER } : {}),
        ...(e.RATE_LIMIT_CHANNEL ? { channel: e.RATE_LIMIT_CHANNEL } : {}),
      },
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    raw: e,
    unknownSettings: Object.keys(env)
      .filter((k) => /^(DISCORD|SLACK)_/.test(k) && !(k in envSchema.shape) && env[k])
      .sort(),
  };
}
