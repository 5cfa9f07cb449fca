/** Messages the stand-in keeps per channel, so `conversations.history` can answer from them. */

// biome-ignore lint/suspicious/noExplicitAny: Slack messages are loose.
type Message = Record<string, any>;

export interface History {
  add(channel: string, message: Message): void;
  /** A channel's messages, oldest first. */
  list(channel: string): Message[];
  /** `conversations.history`: newest first, `oldest` exclusive, `limit` and a numeric `cursor`. */
  // biome-ignore lint/suspicious/noExplicitAny: Slack bodies are loose.
  answer(body: any): Record<string, unknown>;
}

export function createHistory(): History {
  const byChannel = new Map<string, Message[]>();
  const list = (channel: string) => byChannel.get(channel) ?? [];
  return {
    add(channel, message) {
      byChannel.set(channel, [...list(channel), message]);
    },
    list,
    answer(body) {
      const channel = String(body.channel ?? '');
      if (!channel) return { ok: false, error: 'channel_not_found' };
      const oldest = Number(body.oldest ?? 0);
      const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 999);
      const start = Number(body.cursor ?? 0) || 0;
      // Metadata is only returned when asked for, as in Slack.
      const withMeta = String(body.include_all_metadata) === 'true';
      const all = list(channel)
        .filter((m) => Number(m.ts) > oldest)
        .reverse()
        .map(({ metadata, ...m }) => (withMeta && metadata ? { ...m, metadata } : m));
      const messages = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return {
        ok: true,
        messages,
        has_more: more,
        pin_count: 0,
        response_metadata: { next_cursor: more ? String(start + limit) : '' },
      };
    },
  };
}
