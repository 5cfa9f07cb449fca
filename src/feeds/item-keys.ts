import type { FeedItem } from './parse-feed.js';

/**
 * A feed's URL as it is stored, whichever way it came (FEEDS, /feeds add, /feeds remove): parsed (so
 * scheme and host are lower-case) and without a fragment, which the server never sees. One feed, one row.
 */
export function feedUrl(url: string | URL): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/**
 * A URL as the same page is known under every feed: lower-case scheme and host, no default port, no
 * fragment, tracking parameters (utm_*, fbclid…) dropped and the rest sorted.
 */
export function canonicalUrl(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  const params = [...u.searchParams].filter(([k]) => !/^(utm_|fbclid$|gclid$|mc_[ce]id$|ref$)/i.test(k));
  params.sort(([a], [b]) => a.localeCompare(b));
  u.search = new URLSearchParams(params).toString();
  return u.href;
}

/**
 * The keys an item is deduplicated by across feeds: its GUID and its canonical URL. A GUID that is
 * itself a URL counts as that URL too, so a feed using links as GUIDs meets one that does not.
 */
export function itemKeys(item: Pick<FeedItem, 'guid' | 'link'>): string[] {
  const keys = new Set<string>();
  const url = item.link ? canonicalUrl(item.link) : undefined;
  if (url) keys.add(`url:${url}`);
  if (item.guid) {
    const asUrl = /^https?:\/\//i.test(item.guid) ? canonicalUrl(item.guid) : undefined;
    keys.add(asUrl ? `url:${asUrl}` : `guid:${item.guid}`);
  }
  return [...keys];
}
