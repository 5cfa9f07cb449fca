import { z } from 'zod';
import { isValidTimeZone } from '../core/dates.js';
import { parseRateLimit, RATE_LIMIT_FORM, type RateLimit } from '../core/rate-limit.js';

/**
 * Every setting Archivist reads, with its default. This is the only place that knows environment
 * variable names; `.env.example` lists the same names with a comment each (a test keeps them in step).
 */
const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/\S+$/.test(s), `${name} must be an http(s) URL`)
    .transform((s) => s.replace(/\/+$/, ''));

function isPostgresUrl(s: string): boolean {
  if (!/^postgres(ql)?:\/\/\S+$/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** `0-3` or `0,2,4` (or both, `0-1,4`) → sorted unique ids; undefined when malformed. */
export function parseShardIds(text: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return undefined;
    for (let i = from; i <= to; i++) ids.add(i);
  }
  return [...ids].sort((a, b) => a - b);
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const hhmm = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM, e.g. 09:00');

/**
 * `discord:123,slack:C0123@07:30@Europe/Paris`: channels that get the daily post without a slash
 * command, each optionally with its own time and zone.
 */
const CHANNEL_ENTRY = /^(discord|slack):([A-Za-z0-9]+)(?:@(\d{1,2}:\d{2}))?(?:@([A-Za-z][\w+/-]*))?$/;

export interface DailyChannelSetting {
  platform: 'discord' | 'slack';
  channelId: string;
  time?: string;
  timeZone?: string;
}

const dailyChannels = z
  .string()
  .default('')
  .transform((s, ctx): DailyChannelSetting[] => {
    const out: DailyChannelSetting[] = [];
    for (const entry of s.split(/[\s,]+/).filter(Boolean)) {
      const m = CHANNEL_ENTRY.exec(entry);
      const time = m?.[3];
      const zone = m?.[4];
      const bad =
        !m ||
        (m[1] === 'discord' && !/^\d{15,22}$/.test(m[2] ?? '')) ||
        (time !== undefined && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) ||
        (zone !== undefined && !isValidTimeZone(zone));
      if (bad || !m) {
        ctx.addIssue({
          code: 'custom',
          message: `has "${entry}": write platform:channelId[@HH:MM][@Area/City], e.g. discord:123456789012345678 or slack:C0123ABCD@07:30@Europe/Paris`,
        });
        continue;
      }
      out.push({
        platform: m[1] as 'discord' | 'slack',
        channelId: m[2] ?? '',
        ...(time ? { time: time.padStart(5, '0') } : {}),
        ...(zone ? { timeZone: zone } : {}),
      });
    }
    return out;
  });

/** `5/30s`: at most 5 per 30 seconds; `off` turns the limit off. */
const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx): RateLimit | undefined => {
      try {
        return parseRateLimit(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: RATE_LIMIT_FORM });
        return undefined;
      }
    });

const UNITS = ['b', 'kb', 'mb', 'gb'];

/** `5MB`, `512KB`, `1GB` or a number of bytes (KB = 1024 bytes); empty: the default. */
const byteSize = (fallback: string, max: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((s, ctx): number => {
      const parse = (v: string) => {
        const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v);
        return m ? Math.floor(Number(m[1]) * 1024 ** UNITS.indexOf((m[2] ?? 'b').toLowerCase())) : Number.NaN;
      };
      const n = parse(s || fallback);
      if (n >= 1024 && n <= parse(max)) return n;
      ctx.addIssue({
        code: 'custom',
        message: `must be a size from 1KB to ${max}, e.g. ${fallback} or 512KB`,
      });
      return 0;
    });

/** `https://a.example/feed.xml,https://b.example/feed.json`: feeds polled without a command. */
const feedUrls = z
  .string()
  .default('')
  .transform((s, ctx): string[] => {
    const out: string[] = [];
    for (const entry of s.split(/[\s,]+/).filter(Boolean)) {
      if (URL.canParse(entry) && /^https?:$/.test(new URL(entry).protocol)) out.push(entry);
      else {
        ctx.addIssue({
          code: 'custom',
          message: `has "${entry}": list http(s) feed URLs separated by commas`,
        });
      }
    }
    return [...new Set(out)];
  });

export const envSchema = z.object({
  DATA_DIR: z.string().trim().min(1).default('data/articles'),
  INDEX_CACHE: z.string().trim().default('var/index.json'),
  WATCH_DATA: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  WATCH_POLL: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  MAX_QUESTION_CHARS: int(20, 4000).default(500),
  RESULTS_PER_PAGE: int(1, 10).default(3),
  // Empty: one per core (decided in config/index.ts, which may ask the machine).
  SEARCH_WORKERS: optionalString
    .refine(
      (s) => s === undefined || (/^\d{1,2}$/.test(s) && Number(s) <= 64),
      'must be a number of threads (0–64), or empty for one per core',
    )
    .transform((s) => (s === undefined ? undefined : Number(s))),
  MAX_ARTICLE_BYTES: byteSize('5MB', '100MB'),
  MAX_JSON_IMPORT_BYTES: byteSize('50MB', '1GB'),

  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString.refine(
    (s) => s === undefined || /^\d{15,22}$/.test(s),
    'must be the numeric Application ID',
  ),
  DISCORD_GUILD_ID: optionalString.refine(
    (s) => s === undefined || /^\d{15,22}$/.test(s),
    'must be a numeric server (guild) ID',
  ),
  DISCORD_API_URL: url('DISCORD_API_URL').default('https://discord.com/api'),
  DISCORD_SHARDS: optionalString.refine(
    (s) => s === undefined || /^(auto|[1-9]\d{0,4})$/.test(s),
    'must be auto or a number of shards, e.g. 4',
  ),
  DISCORD_SHARD_IDS: optionalString.refine(
    (s) => s === undefined || parseShardIds(s) !== undefined,
    'must list shard ids, e.g. 0-3 or 0,2,4',
  ),
  // Privileged intent (enable it in the Developer Portal too): follow-ups in the bot's threads without a mention.
  DISCORD_MESSAGE_CONTENT: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),

  SLACK_BOT_TOKEN: optionalString.refine(
    (s) => s === undefined || s.startsWith('xoxb-'),
    'must start with xoxb-',
  ),
  SLACK_APP_TOKEN: optionalString.refine(
    (s) => s === undefined || s.startsWith('xapp-'),
    'must start with xapp-',
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: url('SLACK_API_URL').default('https://slack.com/api'),
  SLACK_COMMAND_PREFIX: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]*$/, 'may hold only lower-case letters, digits, - and _')
    .default(''),
  PORT: int(0, 65535).default(3000),

  NO_COLOR: optionalString,

  STATE_DB: z.string().trim().min(1).default('var/archivist.db'),
  // The value is never echoed back: it may hold a password.
  DATABASE_URL: optionalString.refine(
    (s) => s === undefined || isPostgresUrl(s),
    'must be a postgres:// or postgresql:// URL, e.g. postgres://archivist:secret@db.internal:5432/archivist',
  ),
  DAILY_TIME: hhmm.default('09:00'),
  DAILY_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimeZone, 'must be an IANA time zone name, e.g. Europe/London or Asia/Seoul'),
  DAILY_CHANNELS: dailyChannels,
  DAILY_CATCHUP_HOURS: int(0, 23).default(6),
  DAILY_MAX_FAILURES: int(1, 100).default(3),
  DAILY_SEND_LEASE_SECONDS: int(1, 86_400).default(600),
  ONTHISDAY_NEAREST_DAYS: int(0, 30).default(0),

  HTTP_PORT: optionalString
    .refine(
      (s) => s === undefined || (/^\d{1,5}$/.test(s) && Number(s) <= 65535),
      'must be a port number (0–65535), or empty to leave the endpoint off',
    )
    .transform((s) => (s === undefined ? undefined : Number(s))),
  HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
  RATE_LIMIT_USER: rateLimit('5/30s'),
  RATE_LIMIT_CHANNEL: rateLimit('30/60s'),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),

  FEEDS: feedUrls,
  FEED_POLL_SECONDS: int(1, 86_400).default(900),
  FEED_TIMEOUT_SECONDS: int(1, 300).default(20),
  FEED_MAX_BYTES: byteSize('5MB', '100MB'),
  FEED_MAX_FAILURES: int(1, 100).default(5),
});

export type Env = z.infer<typeof envSchema>;
