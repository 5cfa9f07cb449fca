/**
 * A local stand-in for the Discord REST API and gateway, for end-to-end tests that run the real
 * discord.js `Client` without a network.
 *
 * ```ts
 * const discord = await startDiscordStandIn();
 * const client = new Client({ intents, partials: [Partials.Channel], rest: { api: discord.url } });
 * await client.login('any-token');
 * discord.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'why?' }] });
 * const edit = await discord.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/@original'));
 * await client.destroy(); // before close(), or the client reconnects
 * await discord.close();
 * ```
 *
 * One HTTP server on 127.0.0.1 serves REST under `/api/v10/...` and the gateway (WebSocket upgrade
 * on any path). It holds one guild with one text channel, the bot user and one human user; threads,
 * DM channels, messages and application commands are created as the bot asks for them. Every REST
 * request is recorded (including unknown routes, which get a 404). Behaviour follows discord.js
 * 14.28 and the notes in /work/shared/notes/platform-standins.md.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIAttachment, APIMessage, APIUser } from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';

/** One REST request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix and without the query, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; for multipart, the parsed `payload_json` part. `undefined` when there is no body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of recorded bodies.
  body: any;
  /** Files of a multipart body (`files[n]` parts), in the order sent. */
  files: RecordedFile[];
  /** Status the stand-in answered with (an injected failure shows here too). */
  status: number;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** An application command option as it appears in an interaction payload. */
export interface InteractionOption {
  name: string;
  type: number;
  value: unknown;
  focused?: boolean;
}

export interface SlashCommandOptions {
  name: string;
  options?: InteractionOption[];
  /** `'sub'`, or `'group sub'` for a subcommand inside a subcommand group. */
  subcommand?: string;
  /** Invoking user; defaults to `standIn.user.id`. */
  userId?: string;
  /** Member permissions bitfield as a decimal string; defaults to the @everyone permissions. */
  permissions?: string;
  /** Invoke in the user's DM with the bot instead of the guild text channel. */
  dm?: boolean;
}

export interface AutocompleteOptions {
  name: string;
  /** Mark the option being typed with `focused: true`; if none is, the last one is marked. */
  options: InteractionOption[];
  subcommand?: string;
  userId?: string;
}

export interface ButtonOptions {
  customId: string;
  /** Message carrying the button; a stored message (e.g. one the bot sent) keeps its channel. */
  messageId?: string;
  userId?: string;
  permissions?: string;
}

export interface SendMessageOptions {
  content: string;
  /** Adds the bot to `mentions` and prefixes `<@BOT_ID> ` unless the content already mentions it. */
  mentionsBot?: boolean;
  /** Send in the author's DM with the bot (`channel_type: 1`, no `guild_id`). */
  dm?: boolean;
  authorId?: string;
  authorBot?: boolean;
  /** Guild channel or thread to post in; defaults to the text channel. Ignored when `dm`. */
  channelId?: string;
}

export interface DiscordStandIn {
  /** REST base to pass as `rest: { api: url }`, e.g. `http://127.0.0.1:PORT/api`. */
  url: string;
  botUser: { id: string; username: string };
  /** The default human user that sends commands and messages. */
  user: { id: string; username: string };
  applicationId: string;
  guildId: string;
  /** The guild's text channel (type 0). */
  channelId: string;
  /** Every REST request received, oldest first. Safe to clear with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** The `d` of the last IDENTIFY (token, intents, properties, shard, …), or `undefined`. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the identify payload.
  identify: any;
  /** Whether starting threads succeeds; when false thread routes answer 403 Missing Permissions. */
  threadsAllowed: boolean;
  /** Send a gateway dispatch to every identified connection (queued until one is ready). */
  dispatch(t: string, d: unknown): void;
  sendSlashCommand(opts: SlashCommandOptions): { id: string; token: string };
  sendAutocomplete(opts: AutocompleteOptions): { id: string; token: string };
  sendButton(opts: ButtonOptions): { id: string; token: string };
  sendMessage(opts: SendMessageOptions): { id: string; channelId: string };
  /**
   * Resolves with the first recorded request (already recorded or future) that matches; rejects
   * after `timeoutMs` (default 5000). A predicate that throws counts as no match.
   */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Answer the next `times` (default 1) matching requests with `status` and `body` instead of routing them. */
  failNext(pred: (r: RecordedRequest) => boolean, status: number, body?: unknown, times?: number): void;
  /** A stored message (sent by the bot or by a helper), as the stand-in currently holds it. */
  getMessage(id: string): APIMessage | undefined;
  /** Application commands registered globally, or in `guildId`. */
  getCommands(guildId?: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface DiscordStandInOptions {
  /** Default true. Also drops CREATE_PUBLIC_THREADS from @everyone when false. */
  threadsAllowed?: boolean;
}

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  userId: string;
  acknowledged: boolean;
  originalMessageId: string | null;
  componentMessageId: string | null;
}

interface Session {
  id: string;
  seq: number;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  ready: boolean;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handle: (params: Record<string, string>, req: RecordedRequest) => Reply;
}

const HEARTBEAT_INTERVAL = 41_250;
const MESSAGE_FLAG_EPHEMERAL = 64;
const MESSAGE_FLAG_LOADING = 128;
const EVERYONE_PERMISSION_BITS = {
  addReactions: 1n << 6n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  useApplicationCommands: 1n << 31n,
  createPublicThreads: 1n << 35n,
  sendMessagesInThreads: 1n << 38n,
};

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflakeMs = 0n;
let snowflakeIncrement = 0n;

/** A real-looking, increasing snowflake (discord.js derives `createdTimestamp` from it). */
function snowflake(): string {
  let ms = BigInt(Date.now()) - DISCORD_EPOCH;
  if (ms <= lastSnowflakeMs) {
    ms = lastSnowflakeMs;
    snowflakeIncrement++;
    if (snowflakeIncrement > 0xfffn) {
      ms++;
      snowflakeIncrement = 0n;
    }
  } else {
    snowflakeIncrement = 0n;
  }
  lastSnowflakeMs = ms;
  return ((ms << 22n) | snowflakeIncrement).toString();
}

function token(): string {
  return randomBytes(24).toString('base64url');
}

function apiError(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}

function compileRoute(method: string, template: string, handle: Route['handle']): Route {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), keys, handle };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

function summarize(r: RecordedRequest): string {
  return `${r.method} ${r.path} -> ${r.status}`;
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startDiscordStandIn(opts: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const applicationId = snowflake();
  const guildId = snowflake();
  const channelId = snowflake();
  const ownerId = snowflake();
  const joinedAt = new Date().toISOString();

  const botUser: APIUser = {
    id: applicationId,
    username: 'archivist',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
  const human: APIUser = {
    id: snowflake(),
    username: 'tester',
    discriminator: '0',
    global_name: 'Tester',
    avatar: null,
  };
  const users = new Map<string, APIUser>([
    [botUser.id, botUser],
    [human.id, human],
  ]);
  const memberIds = new Set([botUser.id, human.id]);

  const channels = new Map<string, Json>();
  const dmChannelByUser = new Map<string, string>();
  const messages = new Map<string, APIMessage>();
  const interactions = new Map<string, InteractionState>();
  const commands = new Map<string, Map<string, Json>>();
  const requests: RecordedRequest[] = [];
  const failures: Array<{
    pred: (r: RecordedRequest) => boolean;
    status: number;
    body: unknown;
    left: number;
  }> = [];
  const waiters = new Set<{
    pred: (r: RecordedRequest) => boolean;
    resolve: (r: RecordedRequest) => void;
    reject: (e: Error) => void;
    timer: NodeJS.Timeout;
  }>();

  function everyonePermissions(): string {
    let bits = 0n;
    for (const [name, bit] of Object.entries(EVERYONE_PERMISSION_BITS)) {
      if (name === 'createPublicThreads' && !standIn.threadsAllowed) continue;
      bits |= bit;
    }
    return bits.toString();
  }

  function userFor(id: string, bot = false): APIUser {
    const known = users.get(id);
    if (known) return known;
    const user: APIUser = {
      id,
      username: `user${id.slice(-4)}`,
      discriminator: '0',
      global_name: null,
      avatar: null,
      ...(bot ? { bot: true } : {}),
    };
    users.set(id, user);
    return user;
  }

  function memberPayload(user: APIUser | null): Json {
    return {
      ...(user ? { user } : {}),
      roles: [],
      joined_at: joinedAt,
      nick: null,
      avatar: null,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  channels.set(channelId, {
    id: channelId,
    type: 0,
    guild_id: guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  });

  function guildChannels(): Json[] {
    return [...channels.values()].filter((c) => c.guild_id === guildId && c.type !== 11 && c.type !== 12);
  }

  function guildPayload(): Json {
    return {
      id: guildId,
      name: 'Stand-in Guild',
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      features: [],
      roles: [
        {
          id: guildId,
          name: '@everyone',
          color: 0,
          colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
          hoist: false,
          icon: null,
          unicode_emoji: null,
          position: 0,
          permissions: everyonePermissions(),
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      application_id: null,
      max_members: 500_000,
      max_video_channel_users: 25,
    };
  }

  function guildCreatePayload(): Json {
    const members = [...memberIds].map((id) => memberPayload(userFor(id)));
    return {
      ...guildPayload(),
      joined_at: joinedAt,
      large: false,
      unavailable: false,
      member_count: members.length,
      members,
      channels: guildChannels(),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  function dmChannelFor(userId: string): Json {
    let id = dmChannelByUser.get(userId);
    if (!id) {
      id = snowflake();
      dmChannelByUser.set(userId, id);
      channels.set(id, { id, type: 1, last_message_id: null, flags: 0, recipients: [userFor(userId)] });
    }
    return channels.get(id) as Json;
  }

  // ---------------------------------------------------------------- messages

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

  function mentionsIn(content: string, guild: boolean): APIUser[] {
    const ids = new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] as string));
    return [...ids].map((id) => {
      const user = userFor(id);
      return guild ? ({ ...user, member: memberPayload(null) } as APIUser) : user;
    });
  }

  /** Creates and stores a message from a create-message body (REST or interaction response). */
  function createMessage(
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
      typeof reference?.message_id === 'string' ? messages.get(reference.message_id) : undefined;
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
    messages.set(message.id, message);
    channel.last_message_id = message.id;
    return message;
  }

  function editMessage(
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

  // ---------------------------------------------------------------- gateway

  const connections = new Set<Connection>();
  const sessions = new Map<string, Session>();
  const pendingDispatches: Array<{ t: string; d: unknown }> = [];

  function send(conn: Connection, payload: Json): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(payload));
  }

  function sendDispatch(conn: Connection, t: string, d: unknown): void {
    if (!conn.session) return;
    conn.session.seq++;
    send(conn, { op: 0, t, s: conn.session.seq, d });
  }

  function dispatch(t: string, d: unknown): void {
    const ready = [...connections].filter((c) => c.ready);
    if (ready.length === 0) {
      pendingDispatches.push({ t, d });
      return;
    }
    for (const conn of ready) sendDispatch(conn, t, d);
  }

  function markReady(conn: Connection): void {
    conn.ready = true;
    for (const { t, d } of pendingDispatches.splice(0)) sendDispatch(conn, t, d);
  }

  // biome-ignore lint/suspicious/noExplicitAny: gateway payloads are untyped JSON.
  function onGatewayPayload(conn: Connection, payload: any): void {
    switch (payload?.op) {
      case 1: // heartbeat
        send(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2: {
        // identify
        standIn.identify = payload.d;
        const session: Session = { id: randomBytes(16).toString('hex'), seq: 0 };
        sessions.set(session.id, session);
        conn.session = session;
        sendDispatch(conn, 'READY', {
          v: 10,
          user: { ...botUser, verified: true, mfa_enabled: false },
          guilds: [{ id: guildId, unavailable: true }],
          session_id: session.id,
          session_type: 'normal',
          resume_gateway_url: gatewayUrl,
          shard: payload.d?.shard ?? [0, 1],
          application: { id: applicationId, flags: 0 },
          private_channels: [],
          _trace: ['["stand-in",{"micros":0}]'],
        });
        sendDispatch(conn, 'GUILD_CREATE', guildCreatePayload());
        markReady(conn);
        break;
      }
      case 6: {
        // resume
        const session = sessions.get(payload.d?.session_id);
        if (!session) {
          send(conn, { op: 9, d: false, s: null, t: null });
          break;
        }
        conn.session = session;
        sendDispatch(conn, 'RESUMED', null);
        markReady(conn);
        break;
      }
      case 8: {
        // request guild members
        const wanted: string[] | null = payload.d?.user_ids
          ? [].concat(payload.d.user_ids).map(String)
          : null;
        const query = String(payload.d?.query ?? '').toLowerCase();
        const members = [...memberIds]
          .map((id) => userFor(id))
          .filter((u) => (wanted ? wanted.includes(u.id) : u.username.toLowerCase().startsWith(query)))
          .map((u) => memberPayload(u));
        sendDispatch(conn, 'GUILD_MEMBERS_CHUNK', {
          guild_id: guildId,
          members,
          chunk_index: 0,
          chunk_count: 1,
          not_found: wanted ? wanted.filter((id) => !memberIds.has(id)) : [],
          ...(payload.d?.nonce ? { nonce: payload.d.nonce } : {}),
        });
        break;
      }
      default:
        // op 3 presence update, op 4 voice state: accepted silently.
        break;
    }
  }

  // ---------------------------------------------------------------- interactions

  function interactionBase(
    type: number,
    userId: string,
    permissions: string | undefined,
    channel: Json,
  ): { payload: Json; state: InteractionState } {
    const id = snowflake();
    const interactionToken = `aW50ZXJhY3Rpb246${id}:${token()}`;
    const user = userFor(userId);
    const inGuild = typeof channel.guild_id === 'string';
    const payload: Json = {
      id,
      application_id: applicationId,
      type,
      token: interactionToken,
      version: 1,
      locale: 'en-US',
      app_permissions: everyonePermissions(),
      entitlements: [],
      authorizing_integration_owners: { 0: inGuild ? guildId : '0' },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10_485_760,
      channel_id: channel.id,
      channel,
      ...(inGuild
        ? {
            guild_id: guildId,
            guild_locale: 'en-US',
            guild: { id: guildId, locale: 'en-US', features: [] },
            member: { ...memberPayload(user), permissions: permissions ?? everyonePermissions() },
          }
        : { user }),
    };
    const state: InteractionState = {
      id,
      token: interactionToken,
      type,
      channelId: channel.id as string,
      guildId: inGuild ? guildId : null,
      userId,
      acknowledged: false,
      originalMessageId: null,
      componentMessageId: null,
    };
    interactions.set(id, state);
    return { payload, state };
  }

  function commandData(name: string, options: InteractionOption[], subcommand: string | undefined): Json {
    const registered = [
      ...(commands.get(guildId)?.values() ?? []),
      ...(commands.get('global')?.values() ?? []),
    ];
    const command = registered.find((c) => c.name === name && (c.type ?? 1) === 1);
    let nested: Json[] = options.map((o) => ({ ...o }));
    if (subcommand) {
      const [first, second] = subcommand.split(' ') as [string, string | undefined];
      nested = second
        ? [{ name: first, type: 2, options: [{ name: second, type: 1, options: nested }] }]
        : [{ name: first, type: 1, options: nested }];
    }
    return {
      id: (command?.id as string | undefined) ?? snowflake(),
      name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(nested.length > 0 ? { options: nested } : {}),
    };
  }

  function sendSlashCommand(o: SlashCommandOptions): { id: string; token: string } {
    const userId = o.userId ?? human.id;
    const channel = o.dm ? dmChannelFor(userId) : (channels.get(channelId) as Json);
    const { payload, state } = interactionBase(2, userId, o.permissions, channel);
    payload.data = commandData(o.name, o.options ?? [], o.subcommand);
    dispatch('INTERACTION_CREATE', payload);
    return { id: state.id, token: state.token };
  }

  function sendAutocomplete(o: AutocompleteOptions): { id: string; token: string } {
    const options = o.options.map((opt) => ({ ...opt, value: String(opt.value) }));
    const last = options[options.length - 1];
    if (last && !options.some((opt) => opt.focused)) last.focused = true;
    const channel = channels.get(channelId) as Json;
    const { payload, state } = interactionBase(4, o.userId ?? human.id, undefined, channel);
    payload.data = commandData(o.name, options, o.subcommand);
    dispatch('INTERACTION_CREATE', payload);
    return { id: state.id, token: state.token };
  }

  function sendButton(o: ButtonOptions): { id: string; token: string } {
    let message = o.messageId ? messages.get(o.messageId) : undefined;
    if (!message) {
      const base = channels.get(channelId) as Json;
      message = createMessage(
        base,
        botUser,
        {
          content: '',
          components: [
            { type: 1, components: [{ type: 2, style: 1, label: 'Button', custom_id: o.customId }] },
          ],
        },
        [],
      );
      if (o.messageId) {
        messages.delete(message.id);
        message.id = o.messageId;
        messages.set(message.id, message);
      }
    }
    const channel = channels.get(message.channel_id) ?? (channels.get(channelId) as Json);
    const { payload, state } = interactionBase(3, o.userId ?? human.id, o.permissions, channel);
    payload.data = { custom_id: o.customId, component_type: 2 };
    payload.message = message;
    state.componentMessageId = message.id;
    dispatch('INTERACTION_CREATE', payload);
    return { id: state.id, token: state.token };
  }

  function sendMessage(o: SendMessageOptions): { id: string; channelId: string } {
    const author = userFor(o.authorId ?? human.id, o.authorBot ?? false);
    if (o.authorBot) author.bot = true;
    const channel = o.dm ? dmChannelFor(author.id) : channels.get(o.channelId ?? channelId);
    if (!channel) throw new Error(`sendMessage: unknown channel ${o.channelId}`);
    const botMention = `<@${botUser.id}>`;
    const mentionsBot = o.content.includes(botMention) || o.content.includes(`<@!${botUser.id}>`);
    const content = o.mentionsBot && !mentionsBot ? `${botMention} ${o.content}` : o.content;
    const message = createMessage(channel, author, { content }, []);
    message.mentions = mentionsIn(content, !o.dm);
    // Gateway messages carry guild_id and member (REST ones do not); DMs carry channel_type instead.
    const payload: Json = { ...message };
    if (o.dm) payload.channel_type = 1;
    else Object.assign(payload, { guild_id: guildId, member: memberPayload(null) });
    dispatch('MESSAGE_CREATE', payload);
    return { id: message.id, channelId: message.channel_id };
  }

  // ---------------------------------------------------------------- REST routes

  const routes: Route[] = [];
  const route = (method: string, template: string, handle: Route['handle']) =>
    routes.push(compileRoute(method, template, handle));

  const unknownChannel = () => apiError(404, 10003, 'Unknown Channel');
  const unknownMessage = () => apiError(404, 10008, 'Unknown Message');
  const missingPermissions = () => apiError(403, 50013, 'Missing Permissions');

  route('GET', '/gateway/bot', () => ({
    status: 200,
    body: {
      url: gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    },
  }));
  route('GET', '/gateway', () => ({ status: 200, body: { url: gatewayUrl } }));
  route('GET', '/users/@me', () => ({
    status: 200,
    body: { ...botUser, verified: true, mfa_enabled: false },
  }));
  route('GET', '/users/:user', ({ user }) => {
    const found = users.get(user as string);
    return found ? { status: 200, body: found } : apiError(404, 10013, 'Unknown User');
  });
  route('POST', '/users/@me/channels', (_p, req) => {
    const recipient = String(req.body?.recipient_id ?? '');
    if (!/^\d+$/.test(recipient)) return apiError(400, 50035, 'Invalid Form Body');
    return { status: 200, body: dmChannelFor(recipient) };
  });
  route('GET', '/applications/@me', () => ({
    status: 200,
    body: {
      id: applicationId,
      name: botUser.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      bot: botUser,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      owner: userFor(ownerId),
    },
  }));
  route('GET', '/guilds/:guild', ({ guild }) =>
    guild === guildId ? { status: 200, body: guildPayload() } : apiError(404, 10004, 'Unknown Guild'),
  );
  route('GET', '/guilds/:guild/channels', ({ guild }) =>
    guild === guildId ? { status: 200, body: guildChannels() } : apiError(404, 10004, 'Unknown Guild'),
  );
  route('GET', '/guilds/:guild/members/:user', ({ guild, user }) =>
    guild === guildId && memberIds.has(user as string)
      ? { status: 200, body: memberPayload(userFor(user as string)) }
      : apiError(404, 10007, 'Unknown Member'),
  );

  // Interactions ---------------------------------------------------------

  route('POST', '/interactions/:id/:token/callback', ({ id, token: tok }, req) => {
    const state = interactions.get(id as string);
    if (!state || state.token !== tok) return apiError(404, 10062, 'Unknown interaction');
    if (state.acknowledged) return apiError(400, 40060, 'Interaction has already been acknowledged.');
    state.acknowledged = true;
    const callbackType = Number(req.body?.type);
    const data = req.body?.data ?? {};
    const channel = channels.get(state.channelId) as Json;
    let message: APIMessage | undefined;
    const webhookExtra: Partial<APIMessage> = {
      webhook_id: applicationId,
      application_id: applicationId,
      interaction_metadata: {
        id: state.id,
        type: state.type,
        user: userFor(state.userId),
        authorizing_integration_owners: state.guildId ? { 0: state.guildId } : { 0: '0' },
      } as APIMessage['interaction_metadata'],
    };
    switch (callbackType) {
      case 4:
        message = createMessage(channel, botUser, data, req.files, webhookExtra);
        state.originalMessageId = message.id;
        break;
      case 5:
        message = createMessage(
          channel,
          botUser,
          { content: '', flags: ((data.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL) | MESSAGE_FLAG_LOADING },
          [],
          webhookExtra,
        );
        state.originalMessageId = message.id;
        break;
      case 6:
      case 7: {
        message = state.componentMessageId ? messages.get(state.componentMessageId) : undefined;
        if (!message) return apiError(400, 50035, 'Invalid Form Body');
        if (callbackType === 7) editMessage(message, data, req.files);
        state.originalMessageId = message.id;
        break;
      }
      case 1:
      case 8:
      case 9:
        break;
      default:
        return apiError(400, 50035, 'Invalid Form Body');
    }
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: state.id,
          type: state.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: callbackType === 5,
                response_message_ephemeral: ((message.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL) !== 0,
              }
            : {}),
        },
        ...(message ? { resource: { type: callbackType, message } } : {}),
      },
    };
  });

  const interactionByToken = (app: string, tok: string) =>
    app === applicationId ? [...interactions.values()].find((s) => s.token === tok) : undefined;
  const webhookMessage = (state: InteractionState, mid: string) => {
    const id = mid === '@original' ? state.originalMessageId : mid;
    return id ? messages.get(id) : undefined;
  };

  route('POST', '/webhooks/:app/:token', ({ app, token: tok }, req) => {
    const state = interactionByToken(app as string, tok as string);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    const channel = channels.get(state.channelId) as Json;
    const message = createMessage(channel, botUser, req.body, req.files, {
      webhook_id: applicationId,
      application_id: applicationId,
    });
    return { status: 200, body: message };
  });
  route('GET', '/webhooks/:app/:token/messages/:mid', ({ app, token: tok, mid }) => {
    const state = interactionByToken(app as string, tok as string);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    const message = webhookMessage(state, mid as string);
    return message ? { status: 200, body: message } : unknownMessage();
  });
  route('PATCH', '/webhooks/:app/:token/messages/:mid', ({ app, token: tok, mid }, req) => {
    const state = interactionByToken(app as string, tok as string);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    const message = webhookMessage(state, mid as string);
    return message ? { status: 200, body: editMessage(message, req.body, req.files) } : unknownMessage();
  });
  route('DELETE', '/webhooks/:app/:token/messages/:mid', ({ app, token: tok, mid }) => {
    const state = interactionByToken(app as string, tok as string);
    if (!state) return apiError(404, 10015, 'Unknown Webhook');
    const message = webhookMessage(state, mid as string);
    if (!message) return unknownMessage();
    messages.delete(message.id);
    return { status: 204 };
  });

  // Channels & messages ----------------------------------------------------

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
    return { status: 200, body: createMessage(found, botUser, req.body, req.files) };
  });
  route('GET', '/channels/:channel/messages', ({ channel }, req) => {
    if (!channels.get(channel as string)) return unknownChannel();
    const limit = Number(req.query.get('limit') ?? 50);
    const list = [...messages.values()].filter((m) => m.channel_id === channel).reverse();
    return { status: 200, body: list.slice(0, limit) };
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

  function createThread(parent: Json, id: string, body: Json, type: number): Json {
    const thread: Json = {
      id,
      type,
      guild_id: guildId,
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
    channels.set(id, thread);
    return thread;
  }

  route('POST', '/channels/:channel/messages/:mid/threads', ({ channel, mid }, req) => {
    const parent = channels.get(channel as string);
    if (!parent) return unknownChannel();
    if (parent.type !== 0 && parent.type !== 5)
      return apiError(400, 50024, 'Cannot execute action on this channel type');
    const message = messages.get(mid as string);
    if (!message || message.channel_id !== parent.id) return unknownMessage();
    if (!standIn.threadsAllowed) return missingPermissions();
    // A thread started from a message shares the message's id.
    if (channels.has(message.id))
      return apiError(400, 160004, 'A thread has already been created for this message');
    const thread = createThread(parent, message.id, req.body ?? {}, 11);
    message.thread = thread as unknown as APIMessage['thread'];
    return { status: 201, body: thread };
  });
  route('POST', '/channels/:channel/threads', ({ channel }, req) => {
    const parent = channels.get(channel as string);
    if (!parent) return unknownChannel();
    if (parent.type !== 0 && parent.type !== 5)
      return apiError(400, 50024, 'Cannot execute action on this channel type');
    if (!standIn.threadsAllowed) return missingPermissions();
    const type = req.body?.type === 12 ? 12 : 11;
    return { status: 201, body: createThread(parent, snowflake(), req.body ?? {}, type) };
  });

  // Application commands ---------------------------------------------------

  function commandScope(app: string, guild?: string): Map<string, Json> | undefined {
    if (app !== applicationId) return undefined;
    const key = guild ?? 'global';
    let scope = commands.get(key);
    if (!scope) {
      scope = new Map();
      commands.set(key, scope);
    }
    return scope;
  }

  function storeCommand(scope: Map<string, Json>, body: Json, guild: string | undefined, id?: string): Json {
    const command: Json = {
      id: id ?? snowflake(),
      application_id: applicationId,
      version: snowflake(),
      type: 1,
      description: '',
      options: [],
      default_member_permissions: null,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      name_localizations: null,
      description_localizations: null,
      ...body,
      ...(guild ? { guild_id: guild } : {}),
    };
    if (!guild) command.dm_permission = body.dm_permission ?? true;
    scope.set(command.id as string, command);
    return command;
  }

  const sameCommand = (a: Json, b: Json) => a.name === b.name && (a.type ?? 1) === (b.type ?? 1);
  const unknownApplication = () => apiError(404, 10002, 'Unknown Application');
  const unknownCommand = () => apiError(404, 10063, 'Unknown application command');

  for (const prefix of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    route('GET', prefix, ({ app, guild }) => {
      const scope = commandScope(app as string, guild);
      return scope ? { status: 200, body: [...scope.values()] } : unknownApplication();
    });
    route('PUT', prefix, ({ app, guild }, req) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      if (!Array.isArray(req.body)) return apiError(400, 50035, 'Invalid Form Body');
      const previous = [...scope.values()];
      scope.clear();
      const stored = (req.body as Json[]).map((body) =>
        storeCommand(
          scope,
          body,
          guild,
          previous.find((c) => sameCommand(c, body))?.id as string | undefined,
        ),
      );
      return { status: 200, body: stored };
    });
    route('POST', prefix, ({ app, guild }, req) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      const body = (req.body ?? {}) as Json;
      const existing = [...scope.values()].find((c) => sameCommand(c, body));
      return { status: existing ? 200 : 201, body: storeCommand(scope, body, guild, existing?.id as string) };
    });
    route('GET', `${prefix}/:command`, ({ app, guild, command }) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      const found = scope.get(command as string);
      return found ? { status: 200, body: found } : unknownCommand();
    });
    route('PATCH', `${prefix}/:command`, ({ app, guild, command }, req) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      const found = scope.get(command as string);
      if (!found) return unknownCommand();
      return {
        status: 200,
        body: storeCommand(scope, { ...found, ...(req.body ?? {}) }, guild, found.id as string),
      };
    });
    route('DELETE', `${prefix}/:command`, ({ app, guild, command }) => {
      const scope = commandScope(app as string, guild);
      if (!scope) return unknownApplication();
      return scope.delete(command as string) ? { status: 204 } : unknownCommand();
    });
  }

  // ---------------------------------------------------------------- HTTP plumbing

  function routeRequest(req: RecordedRequest, isApi: boolean): Reply {
    for (const failure of failures) {
      let matches = false;
      try {
        matches = failure.left > 0 && failure.pred(req);
      } catch {
        matches = false;
      }
      if (!matches) continue;
      failure.left--;
      if (failure.status === 429) {
        const body = (failure.body ?? {
          message: 'You are being rate limited.',
          retry_after: 0.05,
          global: false,
        }) as Json;
        const retryAfter = typeof body.retry_after === 'number' ? body.retry_after : 0.05;
        return {
          status: 429,
          body,
          headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
        };
      }
      return {
        status: failure.status,
        body: failure.body ?? { message: `${failure.status}: injected failure`, code: 0 },
      };
    }
    if (isApi) {
      for (const r of routes) {
        if (r.method !== req.method) continue;
        const match = r.pattern.exec(req.path);
        if (!match) continue;
        const params: Record<string, string> = {};
        r.keys.forEach((key, index) => {
          params[key] = match[index + 1] as string;
        });
        return r.handle(params, req);
      }
    }
    return { status: 404, body: { message: 'Unknown', code: 0 } };
  }

  function record(req: RecordedRequest): void {
    requests.push(req);
    for (const waiter of waiters) {
      let matches = false;
      try {
        matches = waiter.pred(req);
      } catch {
        matches = false;
      }
      if (!matches) continue;
      clearTimeout(waiter.timer);
      waiters.delete(waiter);
      waiter.resolve(req);
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const rawPath = url.pathname
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join('/');
    const apiPrefix = /^\/api\/v\d+(?=\/)/.exec(rawPath)?.[0] ?? '';
    let parsed: { body: unknown; files: RecordedFile[] };
    try {
      parsed = await parseBody(await readBody(req), req.headers['content-type']);
    } catch {
      parsed = { body: undefined, files: [] };
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: rawPath.slice(apiPrefix.length),
      query: url.searchParams,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      status: 0,
    };
    let reply: Reply;
    try {
      reply = routeRequest(recorded, apiPrefix !== '');
    } catch (error) {
      reply = { status: 500, body: { message: `stand-in error: ${String(error)}`, code: 0 } };
    }
    recorded.status = reply.status;
    record(recorded);
    if (reply.status === 204 || reply.body === undefined) {
      // No content-type on an empty body: @discordjs/rest would try to parse it as JSON.
      res.writeHead(reply.status, reply.headers);
      res.end();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `stand-in error: ${String(error)}`, code: 0 }));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    const conn: Connection = { socket, session: null, ready: false };
    connections.add(conn);
    socket.on('message', (data) => {
      let payload: unknown;
      try {
        payload = JSON.parse(data.toString());
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      onGatewayPayload(conn, payload);
    });
    socket.on('close', () => connections.delete(conn));
    socket.on('error', () => connections.delete(conn));
    send(conn, {
      op: 10,
      d: { heartbeat_interval: HEARTBEAT_INTERVAL, _trace: ['["stand-in",{}]'] },
      s: null,
      t: null,
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const gatewayUrl = `ws://127.0.0.1:${port}`;

  const standIn: DiscordStandIn = {
    url: `http://127.0.0.1:${port}/api`,
    botUser: { id: botUser.id, username: botUser.username },
    user: { id: human.id, username: human.username },
    applicationId,
    guildId,
    channelId,
    requests,
    identify: undefined,
    threadsAllowed: opts.threadsAllowed ?? true,
    dispatch,
    sendSlashCommand,
    sendAutocomplete,
    sendButton,
    sendMessage,
    waitFor(pred, timeoutMs = 5000) {
      const found = requests.find((r) => {
        try {
          return pred(r);
        } catch {
          return false;
        }
      });
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = requests.slice(-20).map(summarize).join('\n  ');
          reject(
            new Error(
              `waitFor: no matching request within ${timeoutMs} ms. Last requests:\n  ${seen || '(none)'}`,
            ),
          );
        }, timeoutMs);
        const waiter = { pred, resolve, reject, timer };
        waiters.add(waiter);
      });
    },
    failNext(pred, status, body, times = 1) {
      failures.push({ pred, status, body, left: times });
    },
    getMessage: (id) => messages.get(id),
    getCommands: (guild) => [...(commands.get(guild ?? 'global')?.values() ?? [])],
    async close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('Discord stand-in closed'));
      }
      waiters.clear();
      for (const conn of connections) conn.socket.terminate();
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}
