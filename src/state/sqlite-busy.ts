/**
 * Lock waits for the SQLite store. better-sqlite3 waits for a lock synchronously, blocking the event
 * loop (and every answer in flight), so each attempt waits only briefly and the retries wait on timers.
 */

/** Synchronous wait per attempt: far below Slack's 3 s and Discord's deadlines. */
export const BUSY_TIMEOUT_MS = 200;
/** At open (before anything is served) a longer wait is harmless and lets two starts migrate in turn. */
export const OPEN_BUSY_TIMEOUT_MS = 5_000;
/** Asynchronous pauses between attempts; the last one repeats. */
const PAUSES_MS = [100, 200, 400, 800, 1_000];
/** Then the SQLITE_BUSY error goes to the caller, whose own handling (retry, degrade) takes over. */
export const BUSY_GIVE_UP_MS = 10_000;

/** SQLITE_BUSY and its extended codes (…_SNAPSHOT, …_RECOVERY…): another connection holds the lock. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `op` (synchronous database work), retrying it after a pause while the database is locked. A
 * busy statement did nothing, so running it again is safe; any other error is thrown at once.
 */
export async function retryBusy<T>(op: () => T, giveUpMs = BUSY_GIVE_UP_MS): Promise<T> {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return op();
    } catch (err) {
      const pause = PAUSES_MS[Math.min(attempt, PAUSES_MS.length - 1)] ?? 1_000;
      if (!isBusy(err) || Date.now() - start + pause > giveUpMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
