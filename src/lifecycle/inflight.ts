/**
 * The events being handled right now, shared by every platform of a process, so a shutdown can stop
 * taking new ones and wait for those already started before it closes connections and the store.
 */
export class InFlight {
  #count = 0;
  #closed = false;
  readonly #waiters = new Set<() => void>();
  readonly #onChange: ((count: number) => void) | undefined;

  /** `onChange` sees the count after each change (e.g. a metrics gauge). */
  constructor(onChange?: (count: number) => void) {
    this.#onChange = onChange;
  }

  get count(): number {
    return this.#count;
  }

  /** False once {@link close} was called: new events get a "restarting" notice instead of an answer. */
  get accepting(): boolean {
    return !this.#closed;
  }

  /** Counts one event in; returns the function that counts it out (safe to call twice), or undefined once closed. */
  begin(): (() => void) | undefined {
    if (this.#closed) return undefined;
    this.#count++;
    this.#onChange?.(this.#count);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#count--;
      this.#onChange?.(this.#count);
      if (this.#count === 0) for (const wake of this.#waiters) wake();
    };
  }

  close(): void {
    this.#closed = true;
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(ok);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#waiters.add(wake);
    });
  }
}
