import type { Platform } from '../core/command.js';
import type { Feed } from '../core/feed-state.js';

/** A feed row as either store returns it: times are epoch ms (SQLite) or Dates (PostgreSQL). */
type Time = number | Date;

export interface FeedRow {
  url: string;
  source: Feed['source'];
  added_platform: string | null;
  added_channel: string | null;
  added_by: string | null;
  created_at: Time;
  etag: string | null;
  last_modified: string | null;
  last_success_at: Time | null;
  last_error_at: Time | null;
  last_error: string | null;
  failures: number;
  next_poll_at: Time | null;
  paused_at: Time | null;
  items_taken: number;
}

const time = (t: Time | null) => (t === null ? undefined : new Date(t));

export function toFeed(r: FeedRow): Feed {
  const opt = <K extends keyof Feed>(k: K, v: Feed[K] | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    url: r.url,
    source: r.source,
    ...(r.added_platform && r.added_channel
      ? { addedIn: { platform: r.added_platform as Platform, channelId: r.added_channel } }
      : {}),
    ...opt('addedBy', r.added_by ?? undefined),
    createdAt: new Date(r.created_at),
    ...opt('etag', r.etag ?? undefined),
    ...opt('lastModified', r.last_modified ?? undefined),
    ...opt('lastSuccessAt', time(r.last_success_at)),
    ...opt('lastErrorAt', time(r.last_error_at)),
    ...opt('lastError', r.last_error ?? undefined),
    failures: Number(r.failures),
    ...opt('nextPollAt', time(r.next_poll_at)),
    ...opt('pausedAt', time(r.paused_at)),
    itemsTaken: Number(r.items_taken),
  };
}

/** Stored errors are one short line: a page of HTML in an error must not fill the table or `/feeds list`. */
export function shortError(error: string): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
