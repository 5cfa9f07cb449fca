import type { Platform } from '../core/command.js';
import type { AnswerSession } from '../core/sessions.js';
import type { PostEntry, Subscription } from '../core/state.js';

/** Rows as SQLite returns them (times are epoch milliseconds), and their mapping to the core shapes. */

export interface SubscriptionRow {
  platform: Platform;
  channel_id: string;
  time: string;
  time_zone: string;
  source: Subscription['source'];
  created_by: string | null;
  created_at: number;
  active_since: number;
  failures: number;
  last_error: string | null;
  disabled_at: number | null;
}

export interface PostRow {
  platform: Platform;
  channel_id: string;
  local_date: string;
  status: PostEntry['status'];
  attempts: number;
  claimed_at: number;
  finished_at: number | null;
  items: number | null;
  error: string | null;
}

export interface SessionRow {
  id: string;
  question: string;
  passage_ids: string;
  page_offset: number;
  owner_platform: Platform;
  owner_user_id: string;
  options: string | null;
  created_at: number;
  expires_at: number;
}

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    platform: r.platform,
    channelId: r.channel_id,
    time: r.time,
    timeZone: r.time_zone,
    source: r.source,
    ...(r.created_by ? { createdBy: r.created_by } : {}),
    createdAt: new Date(r.created_at),
    activeSince: new Date(r.active_since),
    failures: r.failures,
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.disabled_at !== null ? { disabledAt: new Date(r.disabled_at) } : {}),
  };
}

export function toPost(r: PostRow): PostEntry {
  return {
    platform: r.platform,
    channelId: r.channel_id,
    localDate: r.local_date,
    status: r.status,
    attempts: r.attempts,
    claimedAt: new Date(r.claimed_at),
    ...(r.finished_at !== null ? { finishedAt: new Date(r.finished_at) } : {}),
    ...(r.items !== null ? { items: r.items } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

export function toSession(r: SessionRow): AnswerSession {
  return {
    id: r.id,
    question: r.question,
    passageIds: JSON.parse(r.passage_ids) as string[],
    offset: r.page_offset,
    owner: { platform: r.owner_platform, userId: r.owner_user_id },
    ...(r.options !== null ? { options: JSON.parse(r.options) as Record<string, unknown> } : {}),
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
  };
}

export function sessionParams(s: AnswerSession): SessionRow {
  return {
    id: s.id,
    question: s.question,
    passage_ids: JSON.stringify(s.passageIds),
    page_offset: s.offset,
    owner_platform: s.owner.platform,
    owner_user_id: s.owner.userId,
    options: s.options ? JSON.stringify(s.options) : null,
    created_at: s.createdAt.getTime(),
    expires_at: s.expiresAt.getTime(),
  };
}
