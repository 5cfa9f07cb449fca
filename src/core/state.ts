/**
 * State-store ports: what the bot keeps between restarts. The core defines the shapes; an embedded
 * SQLite store and a PostgreSQL one implement them (src/state/). Adapters depend on these interfaces only.
 * Every method returns a Promise so a networked store (PostgreSQL) can implement them; anything that
 * must be atomic (read the old row and write the new one, claim a post) is one method, never a read
 * followed by a write from the caller.
 */
import type { Platform } from './command.js';
import type { AnswerSessionStore } from './sessions.js';

export type { AnswerSession, AnswerSessionStore } from './sessions.js';

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  platform: Platform;
  channelId: string;
  userId: string;
  question: string;
  /** The passages the answer showed, best first. */
  passageIds: string[];
  vote: Vote;
  at: Date;
}

export interface FeedbackStore {
  /** One vote per user per answer: a second click replaces the first. */
  recordFeedback(record: FeedbackRecord & { answerId: string }): Promise<void>;
}

/** A chat channel on one platform: the unit that subscribes and gets posts. */
export interface ChannelRef {
  platform: Platform;
  channelId: string;
}

/** Where a subscription came from: a slash command, or the DAILY_CHANNELS setting. */
export type SubscriptionSource = 'command' | 'config';

export interface Subscription extends ChannelRef {
  /** Local time of the post, `HH:MM` (24-hour). */
  time: string;
  /** IANA time zone the time and the "day" are read in. */
  timeZone: string;
  source: SubscriptionSource;
  /** Who subscribed (platform user id), when known. */
  createdBy?: string;
  createdAt: Date;
  /**
   * When the schedule (time, zone, or enabled state) last changed. A day whose post time falls before
   * this is not posted: subscribing at 10:00 for 09:00 starts tomorrow instead of firing at once.
   */
  activeSince: Date;
  /** Failed attempts in a row; a success resets it. */
  failures: number;
  lastError?: string;
  /** Set when the channel failed too often in a row: no more posts until someone subscribes again. */
  disabledAt?: Date;
}

export interface SubscriptionInput extends ChannelRef {
  time: string;
  timeZone: string;
  source: SubscriptionSource;
  createdBy?: string;
}

/** A save's result: the row now stored and the one it replaced, read in the same transaction. */
export interface SavedSubscription {
  subscription: Subscription;
  previous?: Subscription;
}

export interface SubscriptionStore {
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(ref: ChannelRef): Promise<Subscription | undefined>;
  /**
   * Creates or updates a subscription and enables it. `activeSince` moves to `at` only when the
   * schedule really changes (new, other time or zone, or re-enabled), so an unchanged re-sync keeps
   * today's catch-up. A `config` save never replaces a `command` subscription (a manager's choice
   * wins); it then returns that subscription unchanged.
   */
  saveSubscription(input: SubscriptionInput, at: Date): Promise<SavedSubscription>;
  /** Removes and returns the subscription (only if its source is `onlySource`, when given). */
  removeSubscription(ref: ChannelRef, onlySource?: SubscriptionSource): Promise<Subscription | undefined>;
  /** Counts a failed post; disables the subscription when `maxFailures` in a row is reached. */
  recordFailure(
    ref: ChannelRef,
    error: string,
    at: Date,
    maxFailures: number,
  ): Promise<Subscription | undefined>;
}

/**
 * One row per channel per local day. `sending` is written before the platform is called and becomes
 * `sent`, `failed` or `empty` after. A `sending` row older than the send lease was left by a crash: it
 * is reclaimed (reclaimPost) and reconciled by looking at the channel before anything is sent again.
 */
export type PostStatus = 'sending' | 'sent' | 'failed' | 'empty';

export interface PostEntry extends ChannelRef {
  /** The subscriber's local date the post is for, `YYYY-MM-DD`. */
  localDate: string;
  status: PostStatus;
  attempts: number;
  /** When the latest attempt began. */
  claimedAt: Date;
  finishedAt?: Date;
  /** Articles in the post (sent) or 0 (empty). */
  items?: number;
  error?: string;
}

export interface PostLedger {
  /**
   * Takes the right to post for (channel, local date), atomically across processes. A first attempt
   * succeeds only when no row exists; a retry only when the row is still `failed` after
   * `priorAttempts` attempts. False means someone else has it (or it is done).
   */
  claimPost(ref: ChannelRef, localDate: string, at: Date, priorAttempts?: number): Promise<boolean>;
  /**
   * Takes over a `sending` row a crash left, to reconcile it: compare-and-set on the row as the caller
   * read it (`attempts`, `claimedAt`), so of several replicas exactly one wins. Bumps `attempts` and
   * `claimedAt` (a fresh lease); the row stays `sending`.
   */
  reclaimPost(
    ref: ChannelRef,
    localDate: string,
    prior: Pick<PostEntry, 'attempts' | 'claimedAt'>,
    at: Date,
  ): Promise<boolean>;
  /** Records the outcome of a claimed post; `sent` also resets the channel's failure count. */
  finishPost(
    ref: ChannelRef,
    localDate: string,
    outcome: { status: 'sent' | 'empty'; items: number } | { status: 'failed'; error: string },
    at: Date,
  ): Promise<void>;
  getPost(ref: ChannelRef, localDate: string): Promise<PostEntry | undefined>;
  /** Rows whose local date is on or after `fromDate` (`YYYY-MM-DD`), for the due computation. */
  postsSince(fromDate: string): Promise<PostEntry[]>;
  /** The latest row for a channel, for `/onthisday status`. */
  lastPost(ref: ChannelRef): Promise<PostEntry | undefined>;
}

/** How long an event id is remembered: Slack retries an event within minutes, so an hour is plenty. */
export const EVENT_TTL_MS = 3_600_000;

/**
 * Event ids seen by any replica (Slack's `event_id`), so a retry that reaches another replica is
 * answered once. Rows older than EVENT_TTL_MS no longer count and are pruned now and then.
 */
export interface EventLedger {
  /** True the first time `eventId` is delivered (atomically across processes); false for a repeat. */
  firstDelivery(eventId: string, at: Date): Promise<boolean>;
}

/** The whole store as opened at start; `close()` on shutdown. */
export interface StateStore
  extends FeedbackStore,
    SubscriptionStore,
    PostLedger,
    AnswerSessionStore,
    EventLedger {
  close(): Promise<void>;
}
