import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FeedStore } from '../../src/core/feed-state.js';
import type { ChannelRef } from '../../src/core/state.js';
import { FeedPoller, type FeedPollerOptions } from '../../src/feeds/poller.js';
import { createLogger } from '../../src/logger.js';
import { SqliteFeedStore } from '../../src/state/sqlite-feeds.js';

/** A poller on a fresh SQLite file and articles folder, with its log lines and notices captured. */
export interface Rig {
  dir: string;
  store: FeedStore;
  poller: FeedPoller;
  logs: Array<Record<string, unknown>>;
  notices: Array<{ ref: ChannelRef; text: string }>;
  files(): Promise<string[]>;
  read(file: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeRig(
  o: Partial<FeedPollerOptions> & { store?: FeedStore; root?: string } = {},
): Promise<Rig> {
  const root = o.root ?? (await mkdtemp(path.join(tmpdir(), 'archivist-feeds-')));
  const dir = path.join(root, 'articles');
  const store = o.store ?? SqliteFeedStore.open(path.join(root, 'state.db'));
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const notices: Rig['notices'] = [];
  const poller = new FeedPoller({
    store,
    dataDir: dir,
    guard: { timeoutMs: 5_000, maxBytes: 1024 * 1024 },
    pollMs: 60_000,
    maxFailures: 3,
    configUrls: [],
    logger: createLogger({ level: 'debug', destination: sink, pretty: false }),
    notify: async (ref, text) => {
      notices.push({ ref, text });
    },
    ...o,
  });
  return {
    dir,
    store,
    poller,
    logs,
    notices,
    files: async () =>
      (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort(),
    read: (file) => readFile(path.join(dir, file), 'utf8'),
    cleanup: async () => {
      await poller.stop();
      if (!o.store) await store.close();
      if (!o.root) await rm(root, { recursive: true, force: true });
    },
  };
}

/** Polls one feed by URL, as the timer would. */
export async function pollOnce(rig: Rig, url: string): Promise<void> {
  const feed = await rig.store.getFeed(url);
  if (!feed) throw new Error(`no feed ${url} in the store`);
  await rig.poller.pollFeed(feed);
}

export const ZEPPELIN_PAGE = {
  title: 'A silver zeppelin lands in Gyeongju',
  siteName: 'Gyeongju Daily',
  paragraphs: [
    'A silver zeppelin landed on the lawn beside the APEC venue in Gyeongju on Sunday morning, surprising delegates who had gathered for breakfast.',
    'The airship, built by a Busan start-up, carried a banner welcoming the leaders and was moored for three hours before leaving for Pohang.',
    'Officials said the landing had been approved weeks in advance and posed no security risk to the summit.',
  ],
};
