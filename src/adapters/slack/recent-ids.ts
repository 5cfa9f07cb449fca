/**
 * A bounded set of recently seen ids (oldest forgotten first): Slack redelivers an event when it thinks
 * the first delivery failed (`x-slack-retry-num`, Socket Mode `retry_attempt`), with the same event_id.
 */
export class RecentIds {
  readonly #max: number;
  readonly #seen = new Set<string>();

  constructor(max = 2000) {
    this.#max = max;
  }

  /** Records `id`; false when it was already seen (a retry to drop). */
  firstTime(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
