import { createHash } from 'node:crypto';
import { parseCalendarDate } from '../dates.js';
import type { ChannelRef, Subscription } from '../state.js';
import { ledgerKey } from './schedule.js';
import { zonedInstant } from './zone.js';

/**
 * The idempotency key of one daily post, from its ledger key (platform, channel, local date): the same
 * on every replica and every attempt. Discord takes it as the message `nonce` (at most 25 characters),
 * Slack as message metadata; 24 characters of base64url SHA-256 (144 bits) cannot collide in practice.
 */
export function postKey(ref: ChannelRef, localDate: string): string {
  return `ad${createHash('sha256').update(ledgerKey(ref, localDate)).digest('base64url').slice(0, 22)}`;
}

/** The Slack metadata event type that carries the key. */
export const POST_EVENT_TYPE = 'archivist_daily_post';

/**
 * Where to start looking in a channel for a post: the start of its local day. Every attempt for a local
 * date runs on that date (the planner reads the date at run time), so nothing earlier can be it, and
 * this bound does not move when a reconciliation bumps the claim time or the subscription's time changes.
 */
export function lookSince(sub: Pick<Subscription, 'timeZone'>, localDate: string): Date {
  return zonedInstant(parseCalendarDate(localDate), { hour: 0, minute: 0 }, sub.timeZone);
}
