/**
 * Which shard holds an article: by its slug, so all passages of an article (and their neighbours) stay
 * in one shard, and any thread can tell where an article lives without asking.
 */
export function shardOf(slug: string, count: number): number {
  if (count <= 1) return 0;
  let h = 0x811c9dc5; // FNV-1a: stable across runs and platforms, spreads similar slugs
  for (let i = 0; i < slug.length; i++) {
    h ^= slug.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

/** Each shard's saved index sits beside the configured file: `var/index.json` → `var/index.2-of-4.json`. */
export function shardCacheFile(file: string, shard: number, count: number): string {
  const tag = `${shard + 1}-of-${count}`;
  return /\.json$/i.test(file) ? file.replace(/\.json$/i, `.${tag}.json`) : `${file}.${tag}`;
}
