/**
 * Feed-store port: the news feeds being polled and the items already taken from them. Implemented by
 * SQLite and PostgreSQL (src/state/sqlite-feeds.ts, postgres-feeds.ts), like the ports in state.ts:
 * every method is async, and anything that must be atomic across replicas is one method.
 */
import type { ChannelRef } from './state.js';

/** Where a feed came from: `/feeds add`, or the FEEDS setting. */
export type FeedSource = 'command' | 'config';

export interface Feed {
  url: string;
  source: FeedSource;
  /** The channel that added it (command feeds): where a pause notice goes. */
  addedIn?: ChannelRef;
  addedBy?: string;
  createdAt: Date;
  /** Validators of the last 200 response, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  lastSuccessAt?: Date;
  lastErrorAt?: Date;
  lastError?: string;
  /** Failed polls in a row; a success resets it. */
  failures: number;
  /** No poll before this (backoff after an error). */
  nextPollAt?: Date;
  /** Set when it failed `maxFailures` times in a row: not polled until added again. */
  pausedAt?: Date;
  /** Items written to the archive from this feed, in all. */
  itemsTaken: number;
}

export interface FeedInput {
  url: string;
  source: FeedSource;
  addedIn?: ChannelRef;
  addedBy?: string;
}

/** What a successful poll leaves behind. */
export interface FeedSuccess {
  etag?: string;
  lastModified?: string;
  /** Items written in this poll (added to itemsTaken). */
  taken: number;
}

export interface FeedStore {
  listFeeds(): Promise<Feed[]>;
  getFeed(url: string): Promise<Feed | undefined>;
  /**
   * Adds a feed, or un-pauses and clears the errors of one already there (a `config` save never takes
   * over a `command` feed). `created` is false when it was there.
   */
  saveFeed(input: FeedInput, at: Date): Promise<{ feed: Feed; created: boolean }>;
  /** Removes and returns the feed (only if its source is `onlySource`, when given). */
  removeFeed(url: string, onlySource?: FeedSource): Promise<Feed | undefined>;
  recordFeedSuccess(url: string, outcome: FeedSuccess, at: Date): Promise<void>;
  /**
   * Counts a failed poll and sets when to try next; pauses the feed when `maxFailures` in a row is
   * reached. Returns the row after (with `pausedAt` set the moment it pauses), undefined if removed.
   */
  recordFeedFailure(
    url: string,
    error: string,
    at: Date,
    nextPollAt: Date,
    maxFailures: number,
  ): Promise<Feed | undefined>;
  /** Which of `keys` (item GUIDs and canonical URLs, see itemKeys) are already taken by any feed. */
  knownItems(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Takes an item for writing, atomically across replicas: true only when none of its keys is taken
   * yet, and then all of them are. Claimed before the article file is written, so two replicas (or two
   * feeds carrying the same story) write it once.
   */
  claimItem(keys: readonly string[], feedUrl: string, at: Date): Promise<boolean>;
  /** Records the file an item became (its slug), or gives the claim back when it could not be written. */
  finishItem(keys: readonly string[], outcome: { slug: string } | { released: true }): Promise<void>;
  close(): Promise<void>;
}

/** What `/feeds` works with (the poller behind it): platform-free, so the command stays in commands/. */
export interface FeedAdmin {
  list(): Promise<Feed[]>;
  /**
   * Checks the URL (http(s), not the bot's own endpoint) and adds it, or says why not; the first poll
   * follows within seconds.
   */
  add(
    url: string,
    addedIn: ChannelRef | undefined,
    addedBy: string,
  ): Promise<{ feed: Feed; created: boolean } | { refused: string }>;
  remove(url: string): Promise<Feed | undefined>;
}
