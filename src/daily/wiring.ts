import type { Writable } from 'node:stream';
import type { RunningPlatform } from '../adapters/platform.js';
import { renderResult } from '../adapters/terminal/render.js';
import type { Config } from '../config/index.js';
import type { AnswerService } from '../core/answer-service.js';
import type { Clock } from '../core/clock.js';
import type { Platform } from '../core/command.js';
import type { DailyPoster } from '../core/daily/deliver.js';
import { DailyService, validTime, validTimeZone } from '../core/daily/service.js';
import type { Logger } from '../logger.js';
import { openStateStore, type SqliteStateStore } from '../state/sqlite-store.js';
import { DailyScheduler } from './scheduler.js';

export interface DailyState {
  store: SqliteStateStore;
  daily: DailyService;
}

/**
 * Opens the state store (ArchivistError('STATE_STORE') if it cannot) and brings the config-listed
 * channels in. What main.ts puts in `services` before the platforms start.
 */
export function openDaily(config: Config, logger: Logger, clock?: Clock): DailyState {
  const store = openStateStore(config.daily.stateDb);
  try {
    const daily = new DailyService(
      store,
      {
        defaultTime: validTime(config.daily.time),
        defaultTimeZone: validTimeZone(config.daily.timeZone),
        catchupHours: config.daily.catchupHours,
        maxFailures: config.daily.maxFailures,
        nearestWithinDays: config.daily.nearestDays,
      },
      clock,
    );
    const { added, removed } = daily.syncConfigChannels(config.daily.channels);
    if (added || removed) logger.info({ added, removed }, 'daily channels from config synced');
    return { store, daily };
  } catch (err) {
    store.close();
    throw err;
  }
}

/** Routes each post to the running platform of its channel, via the adapter's own renderer. */
export function platformPoster(running: readonly RunningPlatform[]): DailyPoster {
  return async (target, result) => {
    const platform = running.find((p) => p.name === target.platform);
    if (!platform?.postOnThisDay) throw new Error(`${target.platform} cannot post daily messages here`);
    await platform.postOnThisDay(target.channelId, result);
  };
}

/** The terminal's own "channel": the post is printed between answers. */
export function terminalPoster(output: Writable, color: boolean): DailyPoster {
  return async (target, result) => {
    if (target.platform !== 'terminal') throw new Error(`no ${target.platform} in the terminal bot`);
    const width = Math.min(Math.max((output as { columns?: number }).columns ?? 88, 40), 100);
    output.write(`\n${renderResult({ kind: 'onthisday', result }, { color, width })}\n\n`);
  };
}

/** Starts the scheduler for the platforms that can post; the start-up catch-up runs in the background. */
export function startDailyScheduler(o: {
  state: DailyState;
  answers: AnswerService;
  logger: Logger;
  poster: DailyPoster;
  platforms: Platform[];
}): DailyScheduler {
  const scheduler = new DailyScheduler({
    daily: o.state.daily,
    answers: o.answers,
    poster: o.poster,
    log: o.logger,
    platforms: new Set(o.platforms),
  });
  scheduler.start().catch((err: unknown) => o.logger.error({ err }, 'daily catch-up failed'));
  return scheduler;
}
