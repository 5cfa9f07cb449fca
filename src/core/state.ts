/**
 * State-store ports: what the bot keeps between restarts. The core defines the shapes; an embedded
 * SQLite store implements them (src/state/). Adapters depend on these interfaces only.
 */
import type { Platform } from './command.js';

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
  recordFeedback(record: FeedbackRecord & { answerId: string }): void;
}
