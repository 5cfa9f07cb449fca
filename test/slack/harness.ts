import { Writable } from 'node:stream';
import { type SlackPlatform, type StartSlackOptions, startSlack } from '../../src/adapters/slack/start.js';
import { loadConfig } from '../../src/config/index.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import type { Command } from '../../src/core/command.js';
import { createLogger } from '../../src/logger.js';
import type { Services } from '../../src/services.js';
import { type SlackStandIn, startSlackStandIn } from '../../standins/slack.js';
import { platformDeps, testServices } from '../support/services.js';

export const SIGNING_SECRET = 'test-signing-secret';

let answers: Promise<AnswerService> | undefined;

/** The bundled articles, loaded once per test file. */
export function bundledAnswers(): Promise<AnswerService> {
  answers ??= openArchive({ dataDir: 'data/articles', cacheFile: false }).then((a) => new AnswerService(a));
  return answers;
}

export interface Harness {
  standIn: SlackStandIn;
  slack: SlackPlatform;
  /** Log lines written so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The same lines as written. */
  rawLogs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions extends Omit<StartSlackOptions, 'listen'> {
  mode: 'http' | 'socket';
  prefix?: string;
  /** Services beyond the defaults (metrics, a rate limiter, a state store, other commands…). */
  services?: Partial<Services>;
  /** The commands to serve; default commands/index.ts. */
  commands?: readonly Command[];
  /** Default info. */
  logLevel?: string;
  /** Runs after the stand-in starts and before the app does (e.g. to make auth.test fail). */
  beforeStart?: (standIn: SlackStandIn) => void;
}

/** The real Archivist Slack adapter on the real Bolt app, against the local Slack stand-in. */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const standIn = await startSlackStandIn();
  o.beforeStart?.(standIn);
  const logs: Array<Record<string, unknown>> = [];
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      rawLogs.push(chunk.toString('utf8'));
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({
    dotenvDir: false,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test',
      ...(o.mode === 'socket' ? { SLACK_APP_TOKEN: 'xapp-test' } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      SLACK_API_URL: standIn.apiUrl,
      SLACK_COMMAND_PREFIX: o.prefix ?? '',
      INDEX_CACHE: 'off',
    },
  });
  const { mode: _m, prefix: _p, services, commands, beforeStart: _b, logLevel, retryConfig, ...rest } = o;
  try {
    const logger = createLogger({ level: logLevel ?? 'info', destination: sink });
    const deps = platformDeps(
      testServices(await bundledAnswers(), {
        config,
        logger,
        ...(commands ? { commands } : {}),
        ...services,
      }),
    );
    const slack = await startSlack(deps, {
      ...rest,
      listen: { port: 0, host: '127.0.0.1' },
      retryConfig: retryConfig ?? { retries: 0 },
      autoReconnect: false,
    });
    return {
      standIn,
      slack,
      logs,
      rawLogs,
      async close() {
        await slack.stop();
        await standIn.close();
      },
    };
  } catch (err) {
    await standIn.close();
    throw err;
  }
}
