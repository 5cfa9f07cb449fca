import type { StateStore } from '../core/state.js';
import { SqliteStateStore } from './sqlite-store.js';

/** Where the state lives: a PostgreSQL URL when set (several replicas), else the SQLite file. */
export interface StoreLocation {
  databaseUrl?: string;
  stateDb: string;
}

/**
 * The state store the settings name, typed as the port: the one place that picks an implementation.
 * Throws ArchivistError('STATE_STORE') when it cannot be opened.
 */
export async function openConfiguredStore(where: StoreLocation): Promise<StateStore> {
  if (where.databaseUrl) {
    // Loaded only when used, so the embedded default never loads the PostgreSQL client.
    const { PostgresStateStore } = await import('./postgres-store.js');
    return PostgresStateStore.open(where.databaseUrl);
  }
  return SqliteStateStore.open(where.stateDb);
}
