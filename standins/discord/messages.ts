/** Messages and threads as the stand-in stores them: created and edited from request bodies. */
import type { APIAttachment, APIMessage, APIUser } from 'discord.js';
import { snowflake } from './ids.js';
import { memberPayload, userFor } from './payloads.js';
import type { DiscordState, Json } from './state.js';
import type { RecordedFile } from './types.js';

export const MESSAGE_FLAG_EPHEMERAL = 64;
export const MESSAGE_FLAG_LOADING = 128;

function attachmentsFrom(files: RecordedFile[], meta: unknown): APIAttachment[] {
  const described = Array.isArray(meta) ? (meta as Json[]) : [];
  return files.map((file, index) => {
    const id = snowflake();
    const description = described[index]?.description;
    return {
      id,
      filename: file.filename,
      size: file.data.length,
      content_type: file.contentType,
      url: `https://cdn.discordapp.invalid/attachments/${id}/${file.filename}`,
      proxy_url: `https://media.discordapp.invalid/attachments/${id}/${file.filename}`,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

/** The users `<@id>` mentions in `content` name; in a guild each carries a member. */
export function mentionsIn(state: DiscordState, content: string, guild: boolean): APIUser[] {
  const ids = new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] as string));
  return [...ids].map((id) => {
    const user = userFor(state, id);
    return guild ? ({ ...user, member: memberPayload(state, null) } as APIUser) : user;
  });
}

/** Creates and stores a message from a create-message body (REST or interaction response). */
export function createMessage(
  state: DiscordState,
  channel: Json,
  author: APIUser,
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are untyped JSON.
  body: any,
  files: RecordedFile[],
  extra: Partial<APIMessage> = {},
): APIMessage {
  const data = body ?? {};
  const reference = data.message_reference as Json | undefined;
  const referenced =
    typeof reference?.message_id === 'string' ? state.messages.get(reference.message_id) : undefined;
  const message: APIMessage = {
    id: snowflake(),
    type: reference ? 19 : 0,
    channel_id: channel.id as string,
    author,
    content: typeof data.content === 'string' ? data.content : '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: Boolean(data.tts),
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: attachmentsFrom(files, data.attachments),
    embeds: Array.isArray(data.embeds) ? data.embeds : [],
    components: Array.isArray(data.components) ? data.components : [],
    pinned: false,
    flags: typeof data.flags === 'number' ? data.flags : 0,
    ...(reference
      ? {
          message_reference: { type: 0, channel_id: channel.id as string, ...reference },
          referenced_message: referenced ?? null,
        }
      : {}),
    ...(data.nonce !== undefined ? { nonce: data.nonce } : {}),
    ...extra,
  };
  state.messages.set(message.id, message);
  channel.last_message_id = message.id;
  return message;
}

export function editMessage(
  message: APIMessage,
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are untyped JSON.
  body: any,
  files: RecordedFile[],
): APIMessage {
  const data = body ?? {};
  if (typeof data.content === 'string') message.content = data.content;
  if (data.content === null) message.content = '';
  if (Array.isArray(data.embeds)) message.embeds = data.embeds;
  if (Array.isArray(data.components)) message.components = data.components;
  if (typeof data.flags === 'number') message.flags = data.flags;
  if (Array.isArray(data.attachments) || files.length > 0) {
    const keep = Array.isArray(data.attachments)
      ? new Set((data.attachments as Json[]).map((a) => String(a.id)))
      : new Set(message.attachments.map((a) => a.id));
    const newMeta = Array.isArray(data.attachments)
      ? (data.attachments as Json[]).filter(
          (a) => !message.attachments.some((old) => old.id === String(a.id)),
        )
      : [];
    message.attachments = [
      ...message.attachments.filter((a) => keep.has(a.id)),
      ...attachmentsFrom(files, newMeta),
    ];
  }
  // Editing a deferred response replaces the "thinking…" state.
  message.flags = (message.flags ?? 0) & ~MESSAGE_FLAG_LOADING;
  message.edited_timestamp = new Date().toISOString();
  return message;
}

/** Creates and stores a thread (type 11 public, 12 private) under `parent`, owned by the bot. */
export function createThread(state: DiscordState, parent: Json, id: string, body: Json, type: number): Json {
  const { botUser } = state;
  const thread: Json = {
    id,
    type,
    guild_id: state.guildId,
    parent_id: parent.id,
    owner_id: botUser.id,
    name: String(body.name ?? 'thread'),
    last_message_id: null,
    rate_limit_per_user: Number(body.rate_limit_per_user ?? 0),
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    applied_tags: [],
    thread_metadata: {
      archived: false,
      auto_archive_duration: Number(body.auto_archive_duration ?? 1440),
      archive_timestamp: new Date().toISOString(),
      locked: false,
      create_timestamp: new Date().toISOString(),
      ...(type === 12 ? { invitable: body.invitable ?? true } : {}),
    },
    member: { id, user_id: botUser.id, join_timestamp: new Date().toISOString(), flags: 0 },
  };
  state.channels.set(id, thread);
  return thread;
}
