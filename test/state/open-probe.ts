/**
 * Opens a state store and prints `OPENED` or the error's code and message. The read-only test runs it
 * as an unprivileged user, because root ignores file permissions.
 */
import { SqliteStateStore } from '../../src/state/sqlite-store.js';

try {
  await SqliteStateStore.open(process.argv[2] ?? '').close();
  process.stdout.write('OPENED\n');
} catch (err) {
  process.stdout.write(`${(err as { code?: string }).code} ${(err as Error).message}\n`);
}
