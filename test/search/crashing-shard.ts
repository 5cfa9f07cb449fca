/**
 * The real shard worker, plus one way to make its thread die the way a real fault would (an uncaught
 * error, not a polite stop): the question "crash this shard now" ends the thread of shard 1.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { shard } = workerData as { shard: { index: number } };
parentPort?.on('message', (m: { type: string; args?: unknown[] }) => {
  if (shard.index === 0 && m.type === 'call' && m.args?.[0] === 'crash this shard now') {
    setImmediate(() => {
      throw new Error('simulated fault in a search shard');
    });
  }
});
await import('../../src/search/shard-worker.js');
