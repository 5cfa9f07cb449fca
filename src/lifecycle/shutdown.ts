import type { Logger } from '../logger.js';
import type { InFlight } from './inflight.js';

/** Resolves with the first SIGINT or SIGTERM; a second one while shutting down exits at once (code 1). */
export function shutdownSignal(logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      logger.info({ signal }, 'shutting down');
      const force = (again: string) => {
        logger.warn({ signal: again }, 'second signal: exiting without waiting');
        process.exit(1);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Stops taking new events and waits up to `timeoutMs` for those in flight. */
export async function drain(inflight: InFlight, timeoutMs: number, logger: Logger): Promise<void> {
  inflight.close();
  const pending = inflight.count;
  if (pending === 0) return;
  logger.info({ pending, timeoutMs }, 'waiting for answers in flight');
  if (!(await inflight.settled(timeoutMs))) {
    logger.warn({ unfinished: inflight.count }, 'shutdown timeout: closing with answers still in flight');
  }
}
