import { setImmediate as yieldToAnswers } from 'node:timers/promises';
import { type Clock, systemClock } from '../core/clock.js';
import type { Feed, FeedAdmin, FeedStore } from '../core/feed-state.js';
import type { ChannelRef } from '../core/state.js';
import type { Logger } from '../logger.js';
import { checkUrl, type FetchGuard, FetchRejected, guardedFetch } from './guarded-fetch.js';
import type { PageOutcome } from './item-article.js';
import { canonicalUrl, feedUrl, itemKeys } from './item-keys.js';
import { type FeedItem, FeedParseError } from './parse-feed.js';
import { ParseThread } from './parse-thread.js';
import { writeArticle } from './write-article.js';

/** Posts a short text to the channel that added a feed (the adapters' own poster, wired in main.ts). */
export type FeedNotifier = (ref: ChannelRef, text: string) => Promise<void>;

export interface FeedPollerOptions {
  store: FeedStore;
  /** The articles folder the live reindex watches. */
  dataDir: string;
  guard: FetchGuard;
  pollMs: number;
  maxFailures: number;
  /** FEEDS: brought into the store at start (and dropped from it when no longer listed). */
  configUrls: readonly string[];
  logger: Logger;
  notify?: FeedNotifier;
  clock?: Clock;
  /** Feeds fetched at once. Default 2: polling shares the process with answering. */
  concurrency?: number;
  /** New items taken per feed per poll; the rest wait for the next poll. Default 20. */
  maxItemsPerPoll?: number;
  /** How often due feeds are looked for. Default the poll interval, at most 5 s. */
  tickMs?: number;
}

/** Longest pause after repeated errors. */
const MAX_BACKOFF_MS = 6 * 3_600_000;

/**
 * Polls the feeds in the store into the articles folder. Each feed is fetched at most every `pollMs`
 * with its validators (an unchanged feed answers 304 and costs nothing more); an error pushes its next
 * poll back (2×, 4×… the interval, at most 6 h) and `maxFailures` in a row pause it, with a notice in the
 * channel that added it. New items are claimed in the store before their file is written, so a story
 * carried by two feeds, or polled by two replicas, is written once. All IO is async; parsing is bounded
 * by the byte cap, and the loop yields between items so answers are never queued behind a poll.
 */
export class FeedPoller implements FeedAdmin {
  readonly #o: FeedPollerOptions;
  readonly #clock: Clock;
  readonly #stop = new AbortController();
  /** When this process last polled each feed (replicas poll independently; claims keep items single). */
  readonly #polled = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  /** Parsing and Readability run there, never on the thread that answers. */
  readonly #parse: ParseThread;

  constructor(options: FeedPollerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#parse = new ParseThread(Math.max(options.guard.timeoutMs, 10_000));
  }

  /** Brings FEEDS into the store and starts polling (the first poll at once). */
  async start(): Promise<void> {
    const now = this.#clock.now();
    const listed = new Set(this.#o.configUrls.map((u) => feedUrl(u)));
    for (const feed of await this.#o.store.listFeeds()) {
      if (feed.source === 'config' && !listed.has(feed.url))
        await this.#o.store.removeFeed(feed.url, 'config');
    }
    for (const url of listed) await this.#o.store.saveFeed({ url, source: 'config' }, now);
    const tickMs = this.#o.tickMs ?? Math.min(this.#o.pollMs, 5_000);
    const loop = () => {
      this.#tick = this.pollDue()
        .catch((err: unknown) => this.#o.logger.error({ err }, 'feed poll failed'))
        .finally(() => {
          this.#tick = undefined;
          if (!this.#stop.signal.aborted) this.#timer = setTimeout(loop, tickMs);
        });
    };
    loop();
  }

  /** Stops the timer, abandons requests in flight and waits for the current poll to wind down. */
  async stop(): Promise<void> {
    this.#stop.abort();
    clearTimeout(this.#timer);
    await this.#tick;
    await this.#parse.close();
  }

  // --- FeedAdmin (`/feeds`) ---

  list(): Promise<Feed[]> {
    return this.#o.store.listFeeds();
  }

  async add(url: string, addedIn: ChannelRef | undefined, addedBy: string) {
    let checked: URL;
    try {
      checked = await checkUrl(url.trim(), this.#o.guard);
    } catch (err) {
      if (!(err instanceof FetchRejected)) throw err;
      this.#o.logger.warn({ feed: url, reason: err.reason }, 'feed refused');
      return { refused: err.reason };
    }
    const stored = feedUrl(checked);
    const saved = await this.#o.store.saveFeed(
      { url: stored, source: 'command', ...(addedIn ? { addedIn } : {}), addedBy },
      this.#clock.now(),
    );
    this.#polled.delete(stored);
    this.#o.logger.info({ feed: stored, created: saved.created }, 'feed added');
    return saved;
  }

  async remove(url: string): Promise<Feed | undefined> {
    const trimmed = url.trim();
    const normal = URL.canParse(trimmed) ? feedUrl(trimmed) : trimmed;
    const removed = (await this.#o.store.removeFeed(normal)) ?? (await this.#o.store.removeFeed(trimmed));
    if (removed) this.#o.logger.info({ feed: removed.url }, 'feed removed');
    return removed;
  }

  // --- polling ---

  /** Polls every feed that is due, a few at a time. Resolves when they are done. */
  async pollDue(): Promise<void> {
    const now = this.#clock.now().getTime();
    const due = (await this.#o.store.listFeeds()).filter((f) => {
      if (f.pausedAt) return false;
      if (f.nextPollAt && f.nextPollAt.getTime() > now) return false;
      const last = this.#polled.get(f.url);
      return (
        last === undefined || now - last >= this.#o.pollMs || (f.nextPollAt !== undefined && f.failures > 0)
      );
    });
    const queue = [...due];
    const worker = async () => {
      for (let feed = queue.shift(); feed && !this.#stop.signal.aborted; feed = queue.shift()) {
        await this.pollFeed(feed);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency ?? 2, queue.length) }, worker));
  }

  /** One poll of one feed; never rejects (errors are recorded against the feed). */
  async pollFeed(feed: Feed): Promise<void> {
    const { logger, store } = this.#o;
    this.#polled.set(feed.url, this.#clock.now().getTime());
    try {
      const res = await guardedFetch(
        feed.url,
        this.#o.guard,
        {
          accept:
            'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
          ...(feed.etag ? { 'if-none-match': feed.etag } : {}),
          ...(feed.lastModified ? { 'if-modified-since': feed.lastModified } : {}),
        },
        this.#stop.signal,
      );
      const validators = {
        etag: res.headers.get('etag') ?? feed.etag,
        lastModified: res.headers.get('last-modified') ?? feed.lastModified,
      };
      if (res.status === 304 || !res.body) {
        logger.debug({ feed: feed.url }, 'feed not modified');
        await store.recordFeedSuccess(feed.url, { ...defined(validators), taken: 0 }, this.#clock.now());
        return;
      }
      const parsed = await this.#parse.feed(res.body, res.headers.get('content-type') ?? '', res.url);
      const taken = await this.#takeItems(feed, parsed.items, parsed.title);
      await store.recordFeedSuccess(feed.url, { ...defined(validators), taken }, this.#clock.now());
      logger.info({ feed: feed.url, items: parsed.items.length, taken }, 'feed polled');
    } catch (err) {
      if (this.#stop.signal.aborted) return;
      const reason =
        err instanceof FetchRejected || err instanceof FeedParseError ? errorText(err) : String(err);
      await this.#failed(feed, reason).catch((e: unknown) =>
        logger.error({ err: e, feed: feed.url }, 'could not record a feed failure'),
      );
    }
  }

  async #failed(feed: Feed, reason: string): Promise<void> {
    const { logger, store, maxFailures, pollMs } = this.#o;
    const now = this.#clock.now();
    const backoff = Math.min(pollMs * 2 ** Math.min(feed.failures + 1, 20), Math.max(MAX_BACKOFF_MS, pollMs));
    const after = await store.recordFeedFailure(
      feed.url,
      reason,
      now,
      new Date(now.getTime() + backoff),
      maxFailures,
    );
    logger.warn(
      { feed: feed.url, reason, failures: after?.failures, retryInMs: after?.pausedAt ? undefined : backoff },
      'feed rejected',
    );
    if (!after?.pausedAt || feed.pausedAt) return;
    logger.warn({ feed: feed.url, failures: after.failures }, 'feed paused');
    if (after.addedIn && this.#o.notify) {
      const text =
        `The feed ${feed.url} is paused: it failed ${after.failures} times in a row (last: ${reason}). ` +
        `Add it again with /feeds add ${feed.url} to resume.`;
      await this.#o
        .notify(after.addedIn, text)
        .catch((err: unknown) =>
          logger.warn(
            { err, feed: feed.url, channel: after.addedIn },
            'could not post the feed pause notice',
          ),
        );
    }
  }

  /** Claims and writes the feed's new items; returns how many were written. */
  async #takeItems(feed: Feed, items: FeedItem[], feedTitle: string | undefined): Promise<number> {
    const { logger, store } = this.#o;
    const keyed = items.map((item) => ({ item, keys: itemKeys(item) }));
    for (const { item, keys } of keyed) {
      if (!keys.length)
        logger.warn({ feed: feed.url, title: item.title }, 'feed item rejected: no link and no guid');
    }
    const known = await store.knownItems(keyed.flatMap((k) => k.keys));
    const fresh = keyed
      .filter((k) => k.keys.length && !k.keys.some((key) => known.has(key)))
      .slice(0, this.#o.maxItemsPerPoll ?? 20);
    let taken = 0;
    for (const { item, keys } of fresh) {
      if (this.#stop.signal.aborted) break;
      await yieldToAnswers();
      if (!(await store.claimItem(keys, feed.url, this.#clock.now()))) {
        logger.debug({ feed: feed.url, link: item.link }, 'feed item taken elsewhere');
        continue;
      }
      if (await this.#takeItem(feed, item, keys, feedTitle)) taken++;
    }
    return taken;
  }

  async #takeItem(
    feed: Feed,
    item: FeedItem,
    keys: string[],
    feedTitle: string | undefined,
  ): Promise<boolean> {
    const { logger, store } = this.#o;
    const page = item.link ? await this.#page(item.link) : { failed: 'the item has no link' };
    let made: Awaited<ReturnType<ParseThread['article']>>;
    try {
      made = await this.#parse.article(item, feedTitle, page);
    } catch (err) {
      if (!(err instanceof FeedParseError)) {
        // The parse thread went away under another job (replaced after a stuck page, or crashed): this
        // item did nothing wrong, so its claim is given back and the next poll takes it.
        await store.finishItem(keys, { released: true }).catch(() => undefined);
        logger.warn(
          { feed: feed.url, link: item.link, err },
          'feed item postponed: the parse thread stopped',
        );
        return false;
      }
      made = { reject: `the page could not be read: ${errorText(err)}` };
    }
    // A date ahead of today would sit first in every listing for years: most likely a feed's mistake.
    if (!('reject' in made) && made.draft.date > isoDay(new Date(this.#clock.now().getTime() + DAY_MS))) {
      made = { reject: `dated ${made.draft.date}, in the future` };
    }
    if ('reject' in made) {
      // The claim stays: the same item is not fetched again every poll.
      logger.warn({ feed: feed.url, link: item.link, reason: made.reject }, 'feed item rejected');
      return false;
    }
    // Linked under another URL than a story already taken (its page names the same canonical URL).
    const canonical = made.pageCanonical ? canonicalUrl(made.pageCanonical) : undefined;
    const extra = canonical && !keys.includes(`url:${canonical}`) ? [`url:${canonical}`] : [];
    if (extra.length && !(await store.claimItem(extra, feed.url, this.#clock.now()))) {
      logger.info(
        { feed: feed.url, link: item.link, canonical },
        'feed item skipped: its page is already in the archive',
      );
      return false;
    }
    keys = [...keys, ...extra];
    if (made.textFrom === 'feed item') {
      logger.warn(
        { feed: feed.url, link: item.link, reason: made.note },
        'feed item page not used; took the text from the feed',
      );
    }
    try {
      const slug = await writeArticle(this.#o.dataDir, made.draft, {
        feed: feed.url,
        text: made.textFrom === 'page' ? 'page' : `feed item (${made.note ?? 'page not used'})`,
      });
      await store.finishItem(keys, { slug });
      logger.info({ feed: feed.url, slug, textFrom: made.textFrom }, 'feed item written');
      return true;
    } catch (err) {
      // Nothing was written: give the claim back so a later poll tries again.
      await store.finishItem(keys, { released: true }).catch(() => undefined);
      logger.error({ err, feed: feed.url, link: item.link }, 'feed item could not be written');
      return false;
    }
  }

  /** The item's page as HTML, or why not. */
  async #page(url: string): Promise<PageOutcome> {
    try {
      const res = await guardedFetch(
        url,
        this.#o.guard,
        { accept: 'text/html, application/xhtml+xml' },
        this.#stop.signal,
      );
      const type = res.headers.get('content-type') ?? '';
      if (type && !/html/i.test(type)) return { failed: `the page is ${type.split(';')[0]}, not HTML` };
      return { body: res.body ?? Buffer.alloc(0), contentType: type, url: res.url };
    } catch (err) {
      const reason = errorText(err);
      this.#o.logger.warn({ page: url, reason }, 'feed item page rejected');
      return { failed: `the page could not be fetched: ${reason}` };
    }
  }
}

function errorText(err: unknown): string {
  if (err instanceof FetchRejected) return err.reason;
  return err instanceof Error ? err.message : String(err);
}

function defined(v: { etag?: string | undefined; lastModified?: string | undefined }) {
  return { ...(v.etag ? { etag: v.etag } : {}), ...(v.lastModified ? { lastModified: v.lastModified } : {}) };
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
