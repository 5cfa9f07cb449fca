import pino from 'pino';

/**
 * What an error may carry into a log. Platform library errors hold the request they failed on:
 * @discordjs/rest puts the whole message (`requestBody`: an answer quoting the question) and the URL
 * (`/webhooks/<app>/<interaction token>/…`) on the error. The body is dropped and tokens in paths are
 * replaced, so `logger.error({ err })` stays safe wherever it is called.
 */
const DROPPED = new Set(['requestBody', 'raw']);
const TOKEN_IN_PATH = /\/(webhooks|interactions)\/(\d+)\/[^/?#\s]+/g;

function scrubString(s: string): string {
  return s.replace(TOKEN_IN_PATH, '/$1/$2/[redacted]');
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!DROPPED.has(key)) out[key] = scrub(v, depth + 1);
  }
  return out;
}

/** pino's standard error serializer, then the scrubbing above. */
export function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error);
  return serialized === err && !(err instanceof Error) ? scrub(err, 0) : scrub(serialized, 0);
}
