/** REST routes of channels: messages (create, list, edit, delete), typing, reactions and threads. */
import type { APIMessage } from 'discord.js';
import { snowflake } from './ids.js';
import { createMessage, createThread, editMessage } from './messages.js';
import { apiError, missingPermissions, type Router, unknownChannel, unknownMessage } from './router.js';
import type { DiscordState, Json } from './state.js';

export function addChannelRoutes(router: Router, state: DiscordState): void {
  const route = router.add;
  const { botUser, channels, messages } = state;

  route('GET', '/channels/:channel', ({ channel }) => {
    const found = channels.get(channel as string);
    return found ? { status: 200, body: found } : unknownChannel();
  });
  route('POST', '/channels/:channel/messages', ({ channel }, req) => {
    const found = channels.get(channel as string);
    if (!found) return unknownChannel();
    if (found.type === 11 || found.type === 12) {
      const meta = found.thread_metadata as Json;
      if (meta.locked) return missingPermissions();
      meta.archived = false;
      found.message_count = Number(found.message_count ?? 0) + 1;
      found.total_message_sent = Number(found.total_message_sent ?? 0) + 1;
    }
    // enforce_nonce: the same author and nonce within the window get the earlier message back.
    const nonce =
      req.body?.enforce_nonce && req.body.nonce !== undefined ? `${botUser.id}:${req.body.nonce}` : '';
    const earlier = nonce ? state.nonces.get(nonce) : undefined;
    const kept = earlier && Date.now() - earlier.at <= state.nonceWindowMs && messages.get(earlier.id);
    if (kept) return { status: 200, body: kept };
    const message = createMessage(state, found, botUser, req.body, req.files);
    if (nonce) state.nonces.set(nonce, { id: message.id, at: Date.now() });
    return { status: 200, body: message };
  });
  // Newest first; `after=<id>` gives the `limit` messages just after that id (Discord's paging).
  route('GET', '/channels/:channel/messages', ({ channel }, req) => {
    if (!channels.get(channel as string)) return unknownChannel();
    const limit = Number(req.query.get('limit') ?? 50);
    const after = req.query.get('after');
    const list = [...messages.values()].filter((m) => m.channel_id === channel);
    if (after === null) return { status: 200, body: list.reverse().slice(0, limit) };
    const later = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
    return { status: 200, body: later.reverse() };
  });
  route('GET', '/channels/:channel/messages/:mid', ({ channel, mid }) => {
    const message = messages.get(mid as string);
    return message && message.channel_id === channel ? { status: 200, body: message } : unknownMessage();
  });
  route('PATCH', '/channels/:channel/messages/:mid', ({ channel, mid }, req) => {
    const message = messages.get(mid as string);
    if (!message || message.channel_id !== channel) return unknownMessage();
    if (message.author.id !== botUser.id)
      return apiError(403, 50005, 'Cannot edit a message authored by another user');
    return { status: 200, body: editMessage(message, req.body, req.files) };
  });
  route('DELETE', '/channels/:channel/messages/:mid', ({ channel, mid }) => {
    const message = messages.get(mid as string);
    if (!message || message.channel_id !== channel) return unknownMessage();
    messages.delete(message.id);
    return { status: 204 };
  });
  route('POST', '/channels/:channel/typing', ({ channel }) =>
    channels.get(channel as string) ? { status: 204 } : unknownChannel(),
  );
  for (const method of ['PUT', 'DELETE']) {
    route(method, '/channels/:channel/messages/:mid/reactions/:emoji/@me', ({ mid }) =>
      messages.has(mid as string) ? { status: 204 } : unknownMessage(),
    );
  }

  const notThreadable = () => apiError(400, 50024, 'Cannot execute action on this channel type');

  route('POST', '/channels/:channel/messages/:mid/threads', ({ channel, mid }, req) => {
    const parent = channels.get(channel as string);
    if (!parent) return unknownChannel();
    if (parent.type !== 0 && parent.type !== 5) return notThreadable();
    const message = messages.get(mid as string);
    if (!message || message.channel_id !== parent.id) return unknownMessage();
    if (!state.threadsAllowed) return missingPermissions();
    // A thread started from a message shares the message's id.
    if (channels.has(message.id))
      return apiError(400, 160004, 'A thread has already been created for this message');
    const thread = createThread(state, parent, message.id, req.body ?? {}, 11);
    message.thread = thread as unknown as APIMessage['thread'];
    return { status: 201, body: thread };
  });
  route('POST', '/channels/:channel/threads', ({ channel }, req) => {
    const parent = channels.get(channel as string);
    if (!parent) return unknownChannel();
    if (parent.type !== 0 && parent.type !== 5) return notThreadable();
    if (!state.threadsAllowed) return missingPermissions();
    const type = req.body?.type === 12 ? 12 : 11;
    return { status: 201, body: createThread(state, parent, snowflake(), req.body ?? {}, type) };
  });
}
