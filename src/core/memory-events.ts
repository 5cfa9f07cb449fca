import type { EventLedger } from './state.js';

/**
 * Event ids seen by this process only (oldest forgotten first), for a deployment without a shared
 * store (the tests, the terminal). The state stores implement the same port across replicas.
 */
export class MemoryEventLedger implements EventLedger {
  readonly #max: number;
  readonly #seen = new Set<string>();

  constructor(max = 2000) {
    this.#max = max;
  }

  async firstDelivery(id: string): Promise<boolean> {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
