import type { Config } from '../config/index.js';
import type { FeedStore } from '../core/feed-state.js';
import type { Logger } from '../logger.js';
import { openFeedStore } from '../state/open.js';
import { type FeedNotifier, FeedPoller } from './poller.js';

/** What feedNotifier needs of a running platform (RunningPlatform fits; no adapter import here). */
export interface FeedOutlet {
  name: string;
  postNotice?(channelId: string, text: string): Promise<void>;
}

/**
 * Routes a feed notice to the running platform of the channel that added the feed, through the
 * adapter's own poster. `running` is read at send time: the platforms start after the poller.
 */
export function feedNotifier(running: () => readonly FeedOutlet[], logger: Logger): FeedNotifier {
  return async (ref, text) => {
    const platform = running().find((p) => p.name === ref.platform);
    if (!platform?.postNotice) {
      // The terminal (or a platform not running here): the warning in the log is the notice.
      logger.warn({ channel: ref }, text);
      return;
    }
    await platform.postNotice(ref.channelId, text);
  };
}

export interface RunningFeeds {
  poller: FeedPoller;
  stop(): Promise<void>;
}

/**
 * Opens the feed store next to the state store and starts polling (FEEDS and feeds added with
 * `/feeds add`). Undefined, with a warning, when the store cannot be opened: the bot answers without feeds.
 */
export async function startFeeds(o: {
  config: Config;
  logger: Logger;
  notify?: FeedNotifier;
}): Promise<RunningFeeds | undefined> {
  const { config, logger } = o;
  let store: FeedStore;
  try {
    store = await openFeedStore({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      stateDb: config.daily.stateDb,
    });
  } catch (err) {
    logger.warn({ err }, 'feeds are off: the state store could not be opened');
    return undefined;
  }
  const poller = new FeedPoller({
    store,
    dataDir: config.dataDir,
    guard: {
      timeoutMs: config.feeds.timeoutMs,
      maxBytes: config.feeds.maxBytes,
      ...(config.ops.httpPort ? { ops: { host: config.ops.httpHost, port: config.ops.httpPort } } : {}),
    },
    pollMs: config.feeds.pollMs,
    maxFailures: config.feeds.maxFailures,
    configUrls: config.feeds.urls,
    logger: logger.child({ part: 'feeds' }),
    ...(o.notify ? { notify: o.notify } : {}),
  });
  try {
    await poller.start();
  } catch (err) {
    await store.close();
    logger.warn({ err }, 'feeds are off: FEEDS could not be brought into the state store');
    return undefined;
  }
  return {
    poller,
    async stop() {
      await poller.stop();
      await store.close();
    },
  };
}
