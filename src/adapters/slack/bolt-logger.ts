import { format } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/**
 * Bolt and its Web API client log through our pino logger. Their debug output can echo request
 * bodies (what people typed), so it only passes at pino's `trace` level.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const line = (msg: unknown[]) => format(...msg);
  return {
    debug: (...msg: unknown[]) => {
      if (log.isLevelEnabled('trace')) log.trace(line(msg));
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
