import { z } from 'zod';
import { isValidTimeZone } from '../core/dates.js';

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

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const hhmm = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM, e.g. 09:00');

export const envSchema = z.object({
  DATA_DIR: z.string().trim().min(1).default('data/articles'),
  INDEX_CACHE: z.string().trim().default('var/index.json'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  MAX_QUESTION_CHARS: int(20, 4000).default(500),
  RESULTS_PER_PAGE: int(1, 10).default(3),

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
  DAILY_TIME: hhmm.default('09:00'),
  DAILY_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimeZone, 'must be an IANA time zone name, e.g. Europe/London or Asia/Seoul'),
});

export type Env = z.infer<typeof envSchema>;
