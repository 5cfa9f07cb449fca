import { type APIMessage, type Client, MessageType, Routes } from 'discord.js';

const DISCORD_EPOCH = 1_420_070_400_000n;
/** Pages of 100 messages looked through at most: a crash's reconciliation, not a history export. */
const MAX_PAGES = 20;

/** The smallest snowflake at or after `at`: `after=` it lists what was posted since. */
export function snowflakeBefore(at: Date): string {
  const ms = BigInt(at.getTime()) - DISCORD_EPOCH;
  return ms > 0n ? ((ms << 22n) - 1n).toString() : '0';
}

/**
 * Whether the bot's daily post is among the channel's messages since `since`. Discord keeps a nonce
 * only a few minutes and does not return it when listing, so past that window the post is known by its
 * shape: the bot's own plain message (not a reply, not an interaction answer) that opens with the
 * daily heading. Only the daily post is sent that way, and the search starts at the post's local day,
 * so a match is that day's post. A nonce, where echoed, matches too.
 */
export async function findDailyPost(
  client: Client,
  channelId: string,
  key: string,
  since: Date,
): Promise<boolean> {
  const me = client.user?.id;
  let after = snowflakeBefore(since);
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ after, limit: '100' });
    const list = (await client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    if (list.some((m) => m.author.id === me && isDailyPost(m, key))) return true;
    if (list.length < 100) return false;
    after = list.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
  }
  return false;
}

function isDailyPost(m: APIMessage, key: string): boolean {
  if (m.nonce === key) return true;
  const plain = m.type === MessageType.Default && !m.message_reference && !m.interaction_metadata;
  return plain && m.content.startsWith('📅 ');
}
