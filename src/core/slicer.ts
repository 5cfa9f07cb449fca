/** Called often during long work; resolves after a turn of the event loop once the slice is used up. */
export type Pause = () => Promise<void>;

/**
 * Cooperative slicing for work done while a bot is answering: `pause()` resolves at once until `budgetMs`
 * have passed since the last yield, then yields with setImmediate, so timers and I/O (questions) run
 * between slices. Without a budget it never yields (start-up, where finishing fast is what counts).
 */
export function slicer(budgetMs?: number, signal?: AbortSignal): Pause {
  if (budgetMs === undefined) return () => Promise.resolve();
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Work nobody will use (the bot is stopping) ends at the next slice.
    signal?.throwIfAborted();
    since = performance.now();
  };
}
