import type { webApi } from '@slack/bolt';
import { POST_EVENT_TYPE } from '../../core/daily/post-key.js';

/** Pages of 200 messages looked through at most: a crash's reconciliation, not a history export. */
const MAX_PAGES = 10;

/** Slack has no idempotency key: the key rides along as message metadata, found again in history. */
export function dailyMetadata(key: string) {
  return { event_type: POST_EVENT_TYPE, event_payload: { key } };
}

/**
 * Whether a message carrying the key's metadata is in the channel since `since`
 * (`conversations.history` with `include_all_metadata`; needs `channels:history`/`groups:history`).
 */
export async function findDailyPost(
  client: webApi.WebClient,
  channel: string,
  key: string,
  since: Date,
): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.history({
      channel,
      oldest: (since.getTime() / 1000).toFixed(6),
      include_all_metadata: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    const found = res.messages?.some(
      (m) =>
        m.metadata?.event_type === POST_EVENT_TYPE &&
        (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
    );
    if (found) return true;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return false;
  }
  return false;
}
