import { format } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/**
 * Bolt's debug lines end with the payload they describe (`http request body: {…}`, `Received a message
 * on the WebSocket: {…}`): what people typed, and our answers quoting it. Keep the description only.
 */
export function withoutPayload(line: string): string {
  const at = line.search(/[{[]/);
  return at < 0 ? line : `${line.slice(0, at)}[payload omitted]`;
}

/**
 * Bolt and its Web API client log through our pino logger. Their debug output is noisy and describes
 * request bodies, so it only passes at pino's `trace` level, and without the bodies.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => format(...msg);
  return {
    debug: (...msg: unknown[]) => {
      if (log.isLevelEnabled('trace')) log.trace(withoutPayload(line(msg)));
    },
    info: (...msg: unknown[]) => log.info(line(msg)),
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
