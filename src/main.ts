import { commands } from '../commands/index.js';
import type { PlatformDeps, RunningPlatform } from './adapters/platform.js';
import { TerminalBot } from './adapters/terminal/terminal-bot.js';
import { parseCliArgs } from './cli/args.js';
import { loadConfig } from './config/index.js';
import type { Platform } from './core/command.js';
import { ArchivistError } from './core/errors.js';
import {
  type DailyState,
  openDaily,
  platformPoster,
  startDailyScheduler,
  terminalPoster,
} from './daily/wiring.js';
import { createLogger } from './logger.js';
import type { OpsServer } from './observability/http-server.js';
import {
  catchUnhandled,
  countDailyPosts,
  createOps,
  drain,
  shutdownSignal,
  startOpsEndpoint,
} from './observability/ops.js';
import { createAnswerService } from './services.js';

export type { PlatformDeps, RunningPlatform } from './adapters/platform.js';

/** Starts every chat platform whose credentials are set. */
async function startPlatforms(deps: PlatformDeps): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  // Each adapter is imported only when configured, so the terminal bot never loads discord.js or Bolt.
  if (deps.config.discord) {
    const { startDiscord } = await import('./adapters/discord/start.js');
    running.push(await startDiscord(deps));
  }
  if (deps.config.slack) {
    const { startSlack } = await import('./adapters/slack/start.js');
    running.push(await startSlack(deps));
  }
  return running;
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
  const answers = await createAnswerService(config, logger);
  const services: Record<string, unknown> = {};

  if (!chat) {
    // The terminal works without its state store: daily posts then answer that they are not set up.
    let state: DailyState | undefined;
    try {
      state = openDaily(config, logger);
      Object.assign(services, { feedback: state.store, daily: state.daily });
    } catch (err) {
      logger.warn({ err }, 'daily posts are off: the state store could not be opened');
    }
    const color = Boolean(process.stdout.isTTY) && !config.raw.NO_COLOR;
    const bot = new TerminalBot({
      answers,
      commands,
      logger,
      input: process.stdin,
      output: process.stdout,
      color,
      services,
    });
    // A subscribed terminal gets its post printed while an interactive session is open, never into a pipe.
    const scheduler =
      state && process.stdin.isTTY && process.stdout.isTTY
        ? startDailyScheduler({
            state,
            answers,
            logger,
            poster: terminalPoster(process.stdout, color),
            platforms: ['terminal'],
          })
        : undefined;
    await bot.run();
    await scheduler?.stop();
    state?.store.close();
    return 0;
  }

  // Chat platforms need the store: subscriptions, the post ledger and feedback live there.
  const state = openDaily(config, logger);
  Object.assign(services, { feedback: state.store, daily: state.daily });
  // Metrics, rate limits and in-flight tracking: the adapters find them in `services`.
  const ops = createOps(config, answers);
  Object.assign(services, ops.services);
  const uncatch = catchUnhandled(logger, ops.metrics);
  let running: RunningPlatform[] = [];
  let endpoint: OpsServer | undefined;
  try {
    endpoint = await startOpsEndpoint({ config, ops, answers, running: () => running, logger });
    running = await startPlatforms({ config, answers, logger, services });
  } catch (err) {
    await endpoint?.close();
    state.store.close();
    throw err;
  }
  const scheduler = startDailyScheduler({
    state,
    answers,
    logger,
    poster: countDailyPosts(platformPoster(running), ops.metrics),
    platforms: running.filter((p) => p.postOnThisDay).map((p) => p.name as Platform),
  });
  logger.info({ platforms: running.map((p) => p.name) }, 'archivist running');
  await shutdownSignal(logger);
  // New events get "restarting"; answers already started finish (within SHUTDOWN_TIMEOUT_MS) first.
  await drain(ops.inflight, config.ops.shutdownTimeoutMs, logger);
  await scheduler.stop();
  await Promise.allSettled(running.map((p) => p.stop()));
  state.store.close();
  await endpoint?.close();
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
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `archivist: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 1;
    }
    // A platform that connected before another one failed must not keep the process alive.
    setTimeout(() => process.exit(1), 2000).unref();
  },
);
