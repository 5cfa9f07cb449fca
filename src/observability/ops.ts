import type { RunningPlatform } from '../adapters/platform.js';
import type { Config } from '../config/index.js';
import type { Answers } from '../core/answers-port.js';
import type { DailyPoster } from '../core/daily/deliver.js';
import { RateLimiter } from '../core/rate-limit.js';
import { InFlight } from '../lifecycle/inflight.js';
import type { Logger } from '../logger.js';
import { type HealthCheck, type OpsServer, startOpsServer } from './http-server.js';
import { Metrics } from './metrics.js';

/** What a chat deployment shares across its platforms: one of each per process. */
export interface Ops {
  metrics: Metrics;
  inflight: InFlight;
  rateLimiter: RateLimiter | undefined;
}

export function createOps(config: Config, answers: Answers): Ops {
  const metrics = new Metrics({ processMetrics: true });
  metrics.watchIndex(() => answers.size());
  const inflight = new InFlight((n) => metrics.inFlight.set(n));
  const { user, channel } = config.ops.rateLimits;
  const rateLimiter = user || channel ? new RateLimiter({ user, channel }, answers.clock) : undefined;
  return { metrics, inflight, rateLimiter };
}

/**
 * /healthz and /metrics when HTTP_PORT is set. Healthy means: the index is loaded and every configured
 * platform is connected (a platform still starting counts as down).
 */
export async function startOpsEndpoint(o: {
  config: Config;
  ops: Ops;
  answers: Answers;
  running: () => readonly RunningPlatform[];
  logger: Logger;
}): Promise<OpsServer | undefined> {
  const port = o.config.ops.httpPort;
  if (port === undefined) return undefined;
  const configured = [...(o.config.discord ? ['discord'] : []), ...(o.config.slack ? ['slack'] : [])];
  const checks = (): HealthCheck[] => [
    () => ({ name: 'index', ok: o.answers.size().passages > 0 }),
    ...configured.flatMap((name) => {
      const platform = o.running().find((p) => p.name === name);
      const parts = platform?.parts?.() ?? [];
      return [
        () => ({ name, ok: Boolean(platform && (platform.isConnected?.() ?? true)) }),
        ...parts.map((part) => () => part),
      ];
    }),
  ];
  const server = await startOpsServer({ port, host: o.config.ops.httpHost, metrics: o.ops.metrics, checks });
  o.logger.info({ host: o.config.ops.httpHost, port: server.port }, 'ops endpoint listening');
  return server;
}

/** The daily poster, counting what it sent and what failed per platform. */
export function countDailyPosts(poster: DailyPoster, metrics: Metrics): DailyPoster {
  return async (target, result, post) => {
    try {
      await poster(target, result, post);
      metrics.dailyPosts.inc({ platform: target.platform, outcome: 'sent' });
    } catch (err) {
      metrics.dailyPosts.inc({ platform: target.platform, outcome: 'failed' });
      throw err;
    }
  };
}

/**
 * A rejection nobody awaited is logged and counted instead of ending the process: one broken event
 * must not take the bot away from everyone else. Returns the function that removes the handler.
 */
export function catchUnhandled(logger: Logger, metrics: Metrics): () => void {
  const onRejection = (reason: unknown) => {
    metrics.errors.inc({ platform: 'process', kind: 'unhandled' });
    logger.error({ err: reason }, 'unhandled rejection');
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
