import {
  type AddAlertOutcome,
  type Alert,
  type AlertCommands,
  type AlertStore,
  type AlertSummary,
  articleKey,
} from '../core/alert-state.js';
import { ArchivistError } from '../core/errors.js';
import type { ChannelRef } from '../core/state.js';
import { type AlertAnswers, alertQuery } from './match.js';

/** Alerts one channel may hold: enough for real use, few enough that a list stays readable. */
export const MAX_ALERTS_PER_CHANNEL = 25;

/**
 * What `/alert add|list|remove` do: validation (the search must be one /ask can run) and the store.
 * Permission is the command's to check: it knows who is asking.
 */
export class AlertService implements AlertCommands {
  readonly store: AlertStore;
  readonly #answers: AlertAnswers;

  constructor(store: AlertStore, answers: AlertAnswers) {
    this.store = store;
    this.#answers = answers;
  }

  async add(ref: ChannelRef, raw: string, userId: string): Promise<AddAlertOutcome> {
    const search = raw.replace(/\s+/g, ' ').trim();
    if (!search) return refused('Say what to watch for, e.g. `/alert add Xiaomi phones`.');
    const max = this.#answers.maxQuestionChars;
    if (search.length > max) {
      return refused(`That search is ${search.length} characters; an alert takes at most ${max}.`);
    }
    let query: ReturnType<typeof alertQuery>;
    try {
      query = alertQuery(search);
    } catch (err) {
      if (err instanceof ArchivistError && err.code === 'INPUT_INVALID') {
        return refused(err.message.replace(/^archivist: /, ''));
      }
      throw err;
    }
    // The same analysis as /ask: a search of stop words only could never match anything.
    const probe = await this.#answers.ask(query.question, { limit: 1, filters: query.filters });
    if (probe.reason === 'empty-question' || probe.reason === 'no-meaningful-words') {
      return refused('An alert needs words that say what to watch for: a name, a place, a topic.');
    }
    const existing = await this.store.listAlerts(ref);
    const same = existing.find((a) => a.search.toLowerCase() === search.toLowerCase());
    if (same) return { kind: 'exists', alert: same };
    if (existing.length >= MAX_ALERTS_PER_CHANNEL) {
      return refused(
        `This channel already has ${existing.length} alerts, the most it can hold. Remove one with \`/alert remove <id>\` first.`,
      );
    }
    // Everything in the archive now is not new for this alert.
    const present = this.#answers.slugs().map((slug) => articleKey({ slug }));
    const alert = await this.store.addAlert(
      { ...ref, search, createdBy: userId },
      present,
      this.#answers.clock.now(),
    );
    return { kind: 'added', alert };
  }

  list(ref: ChannelRef): Promise<AlertSummary[]> {
    return this.store.listAlerts(ref);
  }

  remove(ref: ChannelRef, id: number): Promise<Alert | undefined> {
    return this.store.removeAlert(ref, id);
  }
}

function refused(reason: string): AddAlertOutcome {
  return { kind: 'refused', reason };
}
