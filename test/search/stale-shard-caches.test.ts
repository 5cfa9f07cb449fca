import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShardedAnswers } from '../../src/search/sharded-answers.js';
import { isStaleShardCache } from '../../src/search/stale-shard-caches.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('saved shard indexes of an earlier SEARCH_WORKERS', () => {
  it('are removed when the pool starts with another count; nothing else beside them is', {
    timeout: 60_000,
  }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-stale-shards-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'articles');
    const varDir = path.join(root, 'var');
    await mkdir(dataDir);
    await mkdir(varDir);
    await writeFile(
      path.join(dataDir, 'zeppelin.md'),
      '---\ntitle: Zeppelin\ndate: 2025-11-02\nsource: Wire\n---\n\nA silver zeppelin landed in Gyeongju.\n',
    );
    const stale = ['index.1-of-3.json', 'index.2-of-3.json', 'index.3-of-3.json', 'index.1-of-1.json'];
    const kept = [
      'index.json',
      'index.1-of-3.json.bak',
      'index.1-of-3.json.4242.tmp',
      'other.1-of-3.json',
      'index.4-of-3.json',
      'index.0-of-3.json',
      'index.01-of-3.json',
      'notes.txt',
    ];
    for (const name of [...stale, ...kept]) await writeFile(path.join(varDir, name), '{}');

    const pool = await ShardedAnswers.open({
      dataDir,
      shards: 2,
      cacheFile: path.join(varDir, 'index.json'),
    });
    cleanups.push(() => pool.close());
    const left = (await readdir(varDir)).sort();
    for (const name of stale) expect(left).not.toContain(name);
    for (const name of kept) expect(left).toContain(name);
    expect((await pool.ask('zeppelin')).total).toBe(1);
  });

  it('match only the exact names shardCacheFile gives, with or without .json', () => {
    expect(isStaleShardCache('var/index.json', 'index.2-of-4.json', 2)).toBe(true);
    expect(isStaleShardCache('var/index.json', 'index.2-of-2.json', 2)).toBe(false);
    expect(isStaleShardCache('var/index.json', 'INDEX.2-of-4.json', 2)).toBe(false);
    expect(isStaleShardCache('var/cache', 'cache.1-of-3', 2)).toBe(true);
    expect(isStaleShardCache('var/cache', 'cache.1-of-3.json', 2)).toBe(false);
    expect(isStaleShardCache('var/a+b.json', 'a+b.1-of-3.json', 2)).toBe(true);
    expect(isStaleShardCache('var/a+b.json', 'aab.1-of-3.json', 2)).toBe(false);
  });
});
