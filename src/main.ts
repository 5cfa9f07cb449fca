import { commands } from '../commands/index.js';
import { TerminalBot } from './adapters/terminal/terminal-bot.js';
import { parseCliArgs } from './cli/args.js';
import { type Config, loadConfig } from './config/index.js';
import type { AnswerService } from './core/answer-service.js';
import { ArchivistError } from './core/errors.js';
import { createLogger, type Logger } from './logger.js';
import { createAnswerService } from './services.js';

/** A started platform: what shutdown needs. */
export interface RunningPlatform {
  name: string;
  stop(): Promise<void>;
}

export interface PlatformDeps {
  config: Config;
  answers: AnswerService;
  logger: Logger;
  services: Record<string, unknown>;
}

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
    const bot = new TerminalBot({
      answers,
      commands,
      logger,
      input: process.stdin,
      output: process.stdout,
      color: Boolean(process.stdout.isTTY) && !config.raw.NO_COLOR,
      services,
    });
    await bot.run();
    return 0;
  }

  const running = await startPlatforms({ config, answers, logger, services });
  logger.info({ platforms: running.map((p) => p.name) }, 'archivist running');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await Promise.allSettled(running.map((p) => p.stop()));
  logger.info('stopped');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
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
  },
);
