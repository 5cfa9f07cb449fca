import type { AlertStore } from '../core/alert-state.js';
import type { FeedStore } from '../core/feed-state.js';
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

/** The feed store, in the same place as the state store (its own connection or pool). */
export async function openFeedStore(where: StoreLocation): Promise<FeedStore> {
  if (where.databaseUrl) {
    const { PostgresFeedStore } = await import('./postgres-feeds.js');
    return PostgresFeedStore.open(where.databaseUrl);
  }
  const { SqliteFeedStore } = await import('./sqlite-feeds.js');
  return SqliteFeedStore.open(where.stateDb);
}

/** The alert tables in the same place as the state store, on a connection of their own. */
export async function openConfiguredAlertStore(where: StoreLocation): Promise<AlertStore> {
  if (where.databaseUrl) {
    const { PostgresAlertStore } = await import('./postgres-alerts.js');
    return PostgresAlertStore.open(where.databaseUrl);
  }
  const { SqliteAlertStore } = await import('./sqlite-alerts.js');
  return SqliteAlertStore.open(where.stateDb);
}
