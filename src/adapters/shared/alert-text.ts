import type { AlertPost } from '../../core/alert-state.js';

/**
 * Alert wording shared by every adapter (plain text: each adapter escapes and styles it). The search is
 * quoted as typed; the alert's number is what `/alert remove` takes.
 */
export function alertHeading(post: AlertPost): string {
  const what = post.kind === 'article' ? 'New article' : `${post.count} new articles`;
  return `${what} matching “${post.alert.search}” · alert #${post.alert.id}`;
}

/** Under a summary's list: how many more there are, and where to read them. */
export function burstMore(post: Extract<AlertPost, { kind: 'burst' }>): string {
  const more = post.count - post.top.length;
  const rest = more > 0 ? `…and ${more} more. ` : '';
  return `${rest}Ask /ask ${post.alert.search} to read them.`;
}
