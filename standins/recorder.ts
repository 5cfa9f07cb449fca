/**
 * Request bookkeeping shared by the Discord and Slack stand-ins: a log of what arrived with
 * `waitFor()` on top, and the queue behind `failNext()`.
 */

/** A predicate that throws counts as no match: tests probe fields that many requests lack. */
function matches<T>(pred: (item: T) => boolean, item: T): boolean {
  try {
    return pred(item);
  } catch {
    return false;
  }
}

interface Waiter<T> {
  pred: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Everything a stand-in received, oldest first, and the tests waiting for some of it. */
export class Recorder<T> {
  /** The log itself; stand-ins hand it out as is, so tests may clear it with `length = 0`. */
  readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private readonly timeoutMessage: (timeoutMs: number, items: T[]) => string;

  /** `timeoutMessage` words the rejection of a `waitFor()` that timed out (what was seen instead). */
  constructor(timeoutMessage: (timeoutMs: number, items: T[]) => string) {
    this.timeoutMessage = timeoutMessage;
  }

  record(item: T): void {
    this.items.push(item);
    for (const waiter of this.waiters) {
      if (!matches(waiter.pred, item)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(item);
    }
  }

  /** The first item (already recorded or still to come) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (item: T) => boolean, timeoutMs: number): Promise<T> {
    const found = this.items.find((item) => matches(pred, item));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(this.timeoutMessage(timeoutMs, this.items)));
      }, timeoutMs);
      const waiter: Waiter<T> = { pred, resolve, reject, timer };
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending `waitFor()` at once, so no timer outlives a closed stand-in. */
  rejectWaiters(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }
}

/** Injected failures: each answers the next `times` matching requests, first added first used. */
export class FailureQueue<T, F> {
  private readonly entries: Array<{ pred: (item: T) => boolean; failure: F; left: number }> = [];

  add(pred: (item: T) => boolean, failure: F, times: number): void {
    this.entries.push({ pred, failure, left: times });
  }

  /** The failure to answer `item` with, if one is due; using it counts one of its times. */
  take(item: T): F | undefined {
    const entry = this.entries.find((e) => e.left > 0 && matches(e.pred, item));
    if (!entry) return undefined;
    entry.left--;
    return entry.failure;
  }
}
