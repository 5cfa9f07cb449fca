import type { Config } from '../config/index.js';
import type { Answers } from '../core/answers-port.js';
import type { Clock } from '../core/clock.js';
import type { Platform } from '../core/command.js';
import type { DailyFinder, DailyPoster } from '../core/daily/deliver.js';
import { DailyService, validTime, validTimeZone } from '../core/daily/service.js';
import type { ChannelRef, StateStore } from '../core/state.js';
import type { OnThisDay } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { openConfiguredStore } from '../state/open.js';
import { DailyScheduler } from './scheduler.js';

export interface DailyState {
  store: StateStore;
  daily: DailyService;
}

/**
 * Opens the state store (ArchivistError('STATE_STORE') if it cannot) and brings the config-listed
 * channels in. What main.ts wires into the services before the platforms start.
 */
export async function openDaily(config: Config, logger: Logger, clock?: Clock): Promise<DailyState> {
  const store = await openConfiguredStore({ databaseUrl: config.databaseUrl, stateDb: config.daily.stateDb });
  try {
    const daily = new DailyService(
      store,
      {
        defaultTime: validTime(config.daily.time),
        defaultTimeZone: validTimeZone(config.daily.timeZone),
        catchupHours: config.daily.catchupHours,
        maxFailures: config.daily.maxFailures,
        sendLeaseMs: config.daily.sendLeaseMs,
        nearestWithinDays: config.daily.nearestDays,
      },
      clock,
    );
    const { added, removed } = await daily.syncConfigChannels(config.daily.channels);
    if (added || removed) logger.info({ added, removed }, 'daily channels from config synced');
    return { store, daily };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** What platformPoster needs of a running platform (RunningPlatform fits; no adapter import here). */
export interface DailyOutlet {
  name: string;
  /** Whether this process posts to the channel (Discord: a guild on its shards, DMs on shard 0). */
  servesChannel?(channelId: string): boolean;
  postOnThisDay?(channelId: string, result: OnThisDay, key?: string): Promise<void>;
  findDailyPost?(channelId: string, key: string, since: Date): Promise<boolean>;
}

/** Routes each post to the running platform of its channel, via the adapter's own renderer. */
export function platformPoster(running: readonly DailyOutlet[]): DailyPoster {
  return async (target, result, post) => {
    const platform = running.find((p) => p.name === target.platform);
    if (!platform?.postOnThisDay) throw new Error(`${target.platform} cannot post daily messages here`);
    await platform.postOnThisDay(target.channelId, result, post?.key);
  };
}

/** Asks the running platform of a channel whether a post is already there (undefined: it cannot tell). */
export function platformFinder(running: readonly DailyOutlet[]): DailyFinder {
  return async (target, key, since) => {
    const platform = running.find((p) => p.name === target.platform);
    return platform?.findDailyPost?.(target.channelId, key, since);
  };
}

/** Whether a running platform posts to a channel: its own answer, else yes. */
export function servedBy(running: readonly DailyOutlet[]): (ref: ChannelRef) => boolean {
  return (ref) => running.find((p) => p.name === ref.platform)?.servesChannel?.(ref.channelId) ?? true;
}

/** Starts the scheduler for the platforms that can post; the start-up catch-up runs in the background. */
export function startDailyScheduler(o: {
  state: DailyState;
  answers: Answers;
  logger: Logger;
  poster: DailyPoster;
  find?: DailyFinder;
  platforms: Platform[];
  serves?: (ref: ChannelRef) => boolean;
  metrics?: Metrics;
}): DailyScheduler {
  const scheduler = new DailyScheduler({
    daily: o.state.daily,
    answers: o.answers,
    poster: o.poster,
    ...(o.find ? { find: o.find } : {}),
    log: o.logger,
    platforms: new Set(o.platforms),
    ...(o.serves ? { serves: o.serves } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  scheduler.start().catch((err: unknown) => o.logger.error({ err }, 'daily catch-up failed'));
  return scheduler;
}
