import type { StateStore } from '../core/state.js';
import { SqliteStateStore } from './sqlite-store.js';

/**
 * The state store that STATE_DB names, typed as the port: the one place that picks an implementation
 * (only SQLite today; a networked store will be chosen here by its URL).
 * Throws ArchivistError('STATE_STORE') when it cannot be opened.
 */
export async function openConfiguredStore(location: string): Promise<StateStore> {
  return SqliteStateStore.open(location);
}
