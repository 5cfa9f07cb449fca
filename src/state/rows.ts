import type { Platform } from '../core/command.js';
import type { AnswerSession } from '../core/sessions.js';
import type { PostEntry, Subscription, SubscriptionInput } from '../core/state.js';

/**
 * Rows as the stores return them, and their mapping to the core shapes. A time is epoch milliseconds
 * (SQLite) or a Date (PostgreSQL timestamptz); `new Date()` takes either.
 */
type Time = number | Date;

/** Expired sessions are deleted at most this often, on a save (see saveSession). */
export const SESSION_PRUNE_EVERY_MS = 3_600_000;
/** Expired event ids are deleted at most this often, on a delivery. */
export const EVENT_PRUNE_EVERY_MS = 600_000;

export interface SubscriptionRow {
  platform: Platform;
  channel_id: string;
  time: string;
  time_zone: string;
  source: Subscription['source'];
  created_by: string | null;
  created_at: Time;
  active_since: Time;
  failures: number;
  last_error: string | null;
  disabled_at: Time | null;
}

export interface PostRow {
  platform: Platform;
  channel_id: string;
  local_date: string;
  status: PostEntry['status'];
  attempts: number;
  claimed_at: Time;
  finished_at: Time | null;
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

/** PostgreSQL's answer_sessions row: node-postgres parses text[], jsonb and timestamptz itself. */
export interface PgSessionRow {
  id: string;
  question: string;
  passage_ids: string[];
  page_offset: number;
  owner_platform: Platform;
  owner_user_id: string;
  options: Record<string, unknown> | null;
  created_at: Date;
  expires_at: Date;
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

export function toPgSession(r: PgSessionRow): AnswerSession {
  return {
    id: r.id,
    question: r.question,
    passageIds: r.passage_ids,
    offset: r.page_offset,
    owner: { platform: r.owner_platform, userId: r.owner_user_id },
    ...(r.options !== null ? { options: r.options } : {}),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
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

/**
 * The rule every store applies on save, given the row it replaces: undefined keeps that row as it is (a
 * config save never overrides a command; an unchanged re-save is a no-op); else the `activeSince` to
 * write, which moves only when the schedule really changes.
 */
export function activeSinceFor(old: Subscription | undefined, input: SubscriptionInput, at: Date) {
  if (!old) return at;
  if (old.source === 'command' && input.source === 'config') return undefined;
  const same = old.time === input.time && old.timeZone === input.timeZone && !old.disabledAt;
  if (same && old.source === input.source) return undefined;
  return same ? old.activeSince : at;
}
