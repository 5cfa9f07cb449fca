import pino, { type Logger } from 'pino';
import { serializeError } from './observability/log-safety.js';

export type { Logger } from 'pino';

/** Paths never written to a log: credentials, and what users typed (questions can be private). */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'question',
  '*.question',
  'text',
  '*.text',
  'content',
  '*.content',
];

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (for a terminal) instead of JSON. Default: when stderr is a TTY. */
  pretty?: boolean;
  /** Where lines go; default stderr, so the terminal bot's stdout holds only answers. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Errors from the platform libraries carry the request they failed on: see log-safety.ts.
    serializers: { err: serializeError },
    base: { app: 'archivist' },
  };
  if (pretty && !options.destination) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, ignore: 'pid,hostname,app' },
      },
    });
  }
  return pino(base, (options.destination ?? process.stderr) as pino.DestinationStream);
}
