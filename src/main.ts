import { commands } from '../commands/index.js';
import type { PlatformDeps, RunningPlatform } from './adapters/platform.js';
import { terminalAlertPoster } from './adapters/terminal/alert-render.js';
import { terminalPoster } from './adapters/terminal/poster.js';
import { TerminalBot } from './adapters/terminal/terminal-bot.js';
import { alertPoster, openAlerts, startAlertRunner } from './alerts/wiring.js';
import { createAnswers } from './answers.js';
import { parseCliArgs } from './cli/args.js';
import { type Config, loadConfig } from './config/index.js';
import type { Platform } from './core/command.js';
import { ArchivistError } from './core/errors.js';
import { MemoryEventLedger } from './core/memory-events.js';
import { MemorySessionStore } from './core/memory-sessions.js';
import {
  type DailyState,
  openDaily,
  platformFinder,
  platformPoster,
  servedBy,
  startDailyScheduler,
} from './daily/wiring.js';
import { feedNotifier, startFeeds } from './feeds/wiring.js';
import { InFlight } from './lifecycle/inflight.js';
import { drain, shutdownSignal } from './lifecycle/shutdown.js';
import { createLogger, type Logger } from './logger.js';
import type { OpsServer } from './observability/http-server.js';
import { catchUnhandled, countDailyPosts, createOps, startOpsEndpoint } from './observability/ops.js';
import { createPipeline } from './pipeline/pipeline.js';
import { startLiveReindex } from './reindex/watch.js';
import type { Services } from './services.js';

export type { PlatformDeps, RunningPlatform } from './adapters/platform.js';

/** Starts every chat platform whose credentials are set. */
async function startPlatforms(deps: PlatformDeps): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  // Each adapter is imported only when configured, so the terminal bot never loads discord.js or Bolt.
  // A fourth platform is one folder under src/adapters/ plus one block here.
  if (deps.services.config.discord) {
    const { startDiscord } = await import('./adapters/discord/start.js');
    running.push(await startDiscord(deps));
  }
  if (deps.services.config.slack) {
    const { startSlack } = await import('./adapters/slack/start.js');
    running.push(await startSlack(deps));
  }
  return running;
}

/** What to say when there is nobody to answer: no platform configured and no terminal on stdin. */
function nothingToServe(config: Config): string {
  const typos = config.unknownSettings.length
    ? `\n  ${config.unknownSettings.join(', ')} ${config.unknownSettings.length === 1 ? 'is' : 'are'} set but not a setting Archivist reads (see .env.example).`
    : '';
  return (
    'archivist: nothing to serve: no chat platform is configured and stdin is not a terminal.\n' +
    '  Set DISCORD_TOKEN and DISCORD_APP_ID, or SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET,' +
    ` or pipe questions in (echo "question" | npm start).${typos}\n`
  );
}

/** The terminal: answers on stdout; the state store is optional (daily posts are then off). */
async function runTerminal(
  config: Config,
  logger: Logger,
  base: Omit<Services, 'sessions' | 'events' | 'inflight'>,
  setOnSwap: (fn: () => void) => void,
) {
  let state: DailyState | undefined;
  try {
    state = await openDaily(config, logger);
  } catch (err) {
    logger.warn({ err }, 'daily posts are off: the state store could not be opened');
  }
  const services: Services = {
    ...base,
    inflight: new InFlight(),
    sessions: state?.store ?? new MemorySessionStore(),
    events: state?.store ?? new MemoryEventLedger(),
    ...(state ? { feedback: state.store, daily: state.daily } : {}),
  };
  // News feeds (FEEDS, /feeds add) write into the articles folder; the live reindex picks them up.
  // A paused feed is announced where the terminal's user reads: on screen, and in the log.
  const notify = async (_ref: unknown, text: string) => {
    logger.warn(text);
    if (process.stdout.isTTY) process.stdout.write(`\n${text}\n`);
  };
  const feeds = state ? await startFeeds({ config, logger, notify }) : undefined;
  if (feeds) services.feeds = feeds.poller;
  const alerts = state
    ? await openAlerts(config, base.answers).catch((err: unknown) => {
        logger.warn({ err }, 'alerts are off: the state store could not be opened');
        return undefined;
      })
    : undefined;
  if (alerts) services.alerts = alerts.service;
  const color = Boolean(process.stdout.isTTY) && !config.raw.NO_COLOR;
  const bot = new TerminalBot({
    pipeline: createPipeline(services),
    input: process.stdin,
    output: process.stdout,
    color,
  });
  // A subscribed terminal gets its post printed while an interactive session is open, never into a pipe.
  const scheduler =
    state && process.stdin.isTTY && process.stdout.isTTY
      ? startDailyScheduler({
          state,
          answers: services.answers,
          logger,
          poster: terminalPoster(process.stdout, color),
          platforms: ['terminal'],
        })
      : undefined;
  // Alerts print in an interactive session only, like the daily post.
  const alertRunner =
    alerts && process.stdin.isTTY && process.stdout.isTTY
      ? startAlertRunner({
          store: alerts.store,
          answers: base.answers,
          poster: terminalAlertPoster(process.stdout),
          platforms: ['terminal'],
          logger,
        })
      : undefined;
  if (alertRunner) setOnSwap(() => void alertRunner.check().catch(() => undefined));
  await bot.run();
  await alertRunner?.stop();
  await alerts?.store.close();
  await feeds?.stop();
  await scheduler?.stop();
  await state?.store.close();
  if (!process.stdin.isTTY && bot.lines === 0) {
    process.stderr.write(nothingToServe(config));
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const { values } = parseCliArgs(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(
      'Usage: npm start [-- --data DIR]\nStarts Discord and/or Slack when their tokens are set, else the terminal bot.\n',
    );
    return 0;
  }
  const config = loadConfig({ overrides: values.data ? { DATA_DIR: String(values.data) } : {} });
  const chat = Boolean(config.discord || config.slack);
  // The terminal bot keeps the screen for answers: only warnings and errors go to the log there.
  const logger = createLogger({
    level: chat ? config.logLevel : config.logLevel === 'info' ? 'warn' : config.logLevel,
  });
  const answers = await createAnswers(config, logger);
  let onSwap = () => {};
  // Live reindex (WATCH_DATA): article files changed while running are rebuilt and swapped in.
  const live = config.watchData
    ? startLiveReindex({
        dataDir: config.dataDir,
        cacheFile: config.indexCache,
        maxArticleBytes: config.maxArticleBytes,
        ...(config.watchPoll ? { pollMs: 1000 } : {}),
        answers,
        logger,
        // New articles swapped in: saved-search alerts check them (set once alerts run).
        onEvent: (e) => {
          if (e.type === 'swapped') onSwap();
        },
      })
    : undefined;
  const base = { config, logger, clock: answers.clock, answers, commands };
  if (!chat)
    return runTerminal(config, logger, base, (fn) => {
      onSwap = fn;
    }).finally(async () => {
      await live?.close();
      await answers.close();
    });

  // Chat platforms need the store: subscriptions, the post ledger, feedback and answer sessions live there.
  const state = await openDaily(config, logger);
  const alerts = await openAlerts(config, answers).catch(async (err: unknown) => {
    await state.store.close();
    throw err;
  });
  const ops = createOps(config, answers);
  const services: Services = {
    ...base,
    sessions: state.store,
    events: state.store,
    feedback: state.store,
    daily: state.daily,
    inflight: ops.inflight,
    metrics: ops.metrics,
    ...(ops.rateLimiter ? { rateLimiter: ops.rateLimiter } : {}),
  };
  services.alerts = alerts.service;
  let running: RunningPlatform[] = [];
  // A feed paused after repeated failures is announced in the channel that added it, once platforms run.
  const feeds = await startFeeds({ config, logger, notify: feedNotifier(() => running, logger) });
  if (feeds) services.feeds = feeds.poller;
  const pipeline = createPipeline(services);
  const uncatch = catchUnhandled(logger, ops.metrics);
  let endpoint: OpsServer | undefined;
  try {
    endpoint = await startOpsEndpoint({ config, ops, answers, running: () => running, logger });
    running = await startPlatforms({ services, pipeline });
  } catch (err) {
    await Promise.allSettled(running.map((p) => p.stop()));
    await feeds?.stop();
    await endpoint?.close();
    await state.store.close();
    await alerts.store.close();
    throw err;
  }
  const scheduler = startDailyScheduler({
    state,
    answers,
    logger,
    poster: countDailyPosts(platformPoster(running), ops.metrics),
    find: platformFinder(running),
    platforms: running.filter((p) => p.postOnThisDay).map((p) => p.name as Platform),
    serves: servedBy(running),
    metrics: ops.metrics,
  });
  const alertRunner = startAlertRunner({
    store: alerts.store,
    answers,
    poster: alertPoster(running),
    platforms: running.filter((p) => p.postAlert).map((p) => p.name as Platform),
    serves: servedBy(running),
    logger,
  });
  onSwap = () => void alertRunner.check().catch(() => undefined);
  logger.info({ platforms: running.map((p) => p.name) }, 'archivist running');
  await shutdownSignal(logger);
  // New events get "restarting"; answers already started finish (within SHUTDOWN_TIMEOUT_MS) first.
  await drain(ops.inflight, config.ops.shutdownTimeoutMs, logger);
  await scheduler.stop();
  await alertRunner.stop();
  await feeds?.stop();
  await Promise.allSettled(running.map((p) => p.stop()));
  await state.store.close();
  await alerts.store.close();
  await endpoint?.close();
  await live?.close();
  await answers.close();
  uncatch();
  logger.info('stopped');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; a library socket still lingering must not keep a stopped bot alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    if (err instanceof ArchivistError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(
        `archivist: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exitCode = 1;
    // A platform that connected before another one failed must not keep the process alive.
    setTimeout(() => process.exit(1), 2000).unref();
  },
);
