import type { Config } from '../config/index.js';
import type { AlertPost, AlertPoster, AlertStore } from '../core/alert-state.js';
import type { Platform } from '../core/command.js';
import type { ChannelRef } from '../core/state.js';
import { openConfiguredAlertStore } from '../state/open.js';
import type { AlertAnswers } from './match.js';
import { type AlertLog, AlertRunner } from './runner.js';
import { AlertService } from './service.js';

/** What alertPoster needs of a running platform (RunningPlatform fits; no adapter import here). */
export interface AlertOutlet {
  name: string;
  servesChannel?(channelId: string): boolean;
  postAlert?(channelId: string, post: AlertPost, key: string): Promise<void>;
}

/** Routes each alert post to the running platform of its channel, via the adapter's own renderer. */
export function alertPoster(running: readonly AlertOutlet[]): AlertPoster {
  return async (target, post, key) => {
    const platform = running.find((p) => p.name === target.platform);
    if (!platform?.postAlert) throw new Error(`${target.platform} cannot post alerts here`);
    await platform.postAlert(target.channelId, post, key);
  };
}

/** Opens the alert tables where the state store is (ArchivistError('STATE_STORE') if it cannot). */
export async function openAlerts(
  config: Config,
  answers: AlertAnswers,
): Promise<{ store: AlertStore; service: AlertService }> {
  const store = await openConfiguredAlertStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    stateDb: config.daily.stateDb,
  });
  return { store, service: new AlertService(store, answers) };
}

/**
 * Starts posting alerts for the platforms that can post: a first run at once (files added while the
 * bot was down), then one per `check()` (main.ts calls it after every archive swap).
 */
export function startAlertRunner(o: {
  store: AlertStore;
  answers: AlertAnswers;
  poster: AlertPoster;
  platforms: Platform[];
  serves?: (ref: ChannelRef) => boolean;
  logger: AlertLog;
}): AlertRunner {
  const runner = new AlertRunner({
    store: o.store,
    answers: o.answers,
    poster: o.poster,
    platforms: new Set(o.platforms),
    ...(o.serves ? { serves: o.serves } : {}),
    log: o.logger,
  });
  void runner.check().catch(() => undefined);
  return runner;
}
