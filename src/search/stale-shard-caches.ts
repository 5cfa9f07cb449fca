import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `name` (a file name in the same folder) is a shard's saved index of `file` for a shard count
 * other than `count`, exactly as shardCacheFile names them (`index.2-of-3.json` beside `index.json`).
 */
export function isStaleShardCache(file: string, name: string, count: number): boolean {
  const base = path.basename(file);
  const json = /\.json$/i.test(base);
  const stem = escapeRegExp(json ? base.replace(/\.json$/i, '') : base);
  const m = new RegExp(`^${stem}\\.([1-9]\\d*)-of-([1-9]\\d*)${json ? '\\.json' : ''}$`).exec(name);
  if (!m) return false;
  const shard = Number(m[1]);
  const of = Number(m[2]);
  return shard <= of && of !== count;
}

/**
 * Deletes the saved shard indexes an earlier SEARCH_WORKERS setting left beside `file` (they are never
 * read again and each is as big as its part of the index). Best effort: returns the files removed.
 */
export async function removeStaleShardCaches(file: string, count: number): Promise<string[]> {
  const dir = path.dirname(path.resolve(file));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStaleShardCache(file, name, count)) continue;
    const full = path.join(dir, name);
    try {
      await unlink(full);
      removed.push(full);
    } catch {
      // Gone already, or not ours to delete: it is only a cache.
    }
  }
  return removed;
}
