import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ShardEvent, ShardedAnswers } from '../../src/search/sharded-answers.js';
import { sotuFolder } from './fixture.js';

let root: string;
let dataDir: string;
const pools: Array<Promise<ShardedAnswers>> = [];
beforeAll(async () => {
  ({ root, dataDir } = await sotuFolder(24));
});
afterAll(async () => {
  await Promise.all(pools.map(async (p) => (await p).close()));
  await rm(root, { recursive: true, force: true });
});

it('a search shard whose thread dies is restarted and answers as before; questions meanwhile wait for it', {
  timeout: 60_000,
}, async () => {
  const events: ShardEvent[] = [];
  const restarted = new Promise<void>((resolve) => {
    const pool = ShardedAnswers.open({
      dataDir,
      shards: 2,
      cacheFile: false,
      workerModule: new URL('./crashing-shard.ts', import.meta.url),
      onShardEvent: (e) => {
        events.push(e);
        if (e.type === 'restarted') resolve();
      },
    });
    pools.push(pool);
  });
  const pool = await (pools[0] as Promise<ShardedAnswers>);
  const before = await pool.ask('tariff duties on imported goods', { limit: 5 });
  expect(before.passages.length).toBeGreaterThan(0);

  // The question in flight when the thread dies fails; nothing else does.
  await expect(pool.ask('crash this shard now')).rejects.toThrow(/search shard 1|simulated fault/);
  const during = pool.ask('tariff duties on imported goods', { limit: 5 });
  await restarted;
  const after = await during;

  expect(events.map((e) => e.type)).toEqual(['crashed', 'restarted']);
  expect(after.passages.map((p) => p.id)).toEqual(before.passages.map((p) => p.id));
  expect(after.passages.map((p) => p.score)).toEqual(before.passages.map((p) => p.score));
  expect(after.total).toBe(before.total);
});
