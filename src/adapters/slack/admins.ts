import type { webApi } from '@slack/bolt';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../logger.js';

/**
 * Whether a user may change channel settings (workspace admin or owner), from `users.info`, cached per
 * user for a few minutes so a busy channel does not cost one API call per question.
 */
export class AdminCache {
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #cache = new Map<string, { admin: boolean; at: number }>();

  constructor(clock: Clock, logger: Logger, ttlMs = 5 * 60_000) {
    this.#clock = clock;
    this.#logger = logger;
    this.#ttlMs = ttlMs;
  }

  async isAdmin(client: webApi.WebClient, userId: string): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const hit = this.#cache.get(userId);
    if (hit && now - hit.at < this.#ttlMs) return hit.admin;
    try {
      const res = await client.users.info({ user: userId });
      const admin = Boolean(res.user?.is_admin || res.user?.is_owner);
      this.#cache.set(userId, { admin, at: now });
      if (this.#cache.size > 5000) this.#cache.delete(this.#cache.keys().next().value as string);
      return admin;
    } catch (err) {
      // Without users:read nobody counts as an admin; answering questions still works.
      this.#logger.warn(
        { err: slackErrorCode(err), user: userId },
        'users.info failed; treating user as non-admin',
      );
      return false;
    }
  }
}

/** Slack's error code (`channel_not_found`, `missing_scope`…) or the error message. */
export function slackErrorCode(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return err instanceof Error ? err.message : String(err);
}
