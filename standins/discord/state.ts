/** What the Discord stand-in holds: its guild, users, channels, messages, interactions and commands. */
import type { APIMessage, APIUser } from 'discord.js';
import { snowflake, snowflakeOnShard } from './ids.js';
import type { DiscordStandInOptions } from './types.js';

export type Json = Record<string, unknown>;

/** How a REST route answers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface InteractionState {
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

export interface DiscordState {
  readonly applicationId: string;
  readonly guildId: string;
  /** The guild's text channel (type 0). */
  readonly channelId: string;
  readonly ownerId: string;
  readonly joinedAt: string;
  readonly botUser: APIUser;
  /** The default human user that sends commands and messages. */
  readonly human: APIUser;
  readonly users: Map<string, APIUser>;
  /** Users who are members of the guild. */
  readonly memberIds: Set<string>;
  /** Guild channels, threads and DM channels by id. */
  readonly channels: Map<string, Json>;
  readonly dmChannelByUser: Map<string, string>;
  readonly messages: Map<string, APIMessage>;
  readonly interactions: Map<string, InteractionState>;
  /** Application commands by scope (a guild id, or `'global'`), then by command id. */
  readonly commands: Map<string, Map<string, Json>>;
  /** Whether starting threads succeeds; tests may flip it through the stand-in. */
  threadsAllowed: boolean;
  /** Shard count `GET /gateway/bot` recommends. */
  readonly shardCount: number;
  /** The `shard` of every IDENTIFY so far. */
  readonly identifiedShards: Array<[number, number]>;
  /** The `d` of the last IDENTIFY. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the identify payload.
  identify: any;
  /** `ws://127.0.0.1:PORT`, known once the server listens. */
  gatewayUrl: string;
  /** Messages created with `enforce_nonce`, by `author:nonce`: id and when. */
  readonly nonces: Map<string, { id: string; at: number }>;
  readonly nonceWindowMs: number;
}

/** One guild with one text channel, the bot user and one human user. */
export function createState(opts: DiscordStandInOptions): DiscordState {
  const applicationId = snowflake();
  const shardCount = opts.shards ?? 1;
  const guildId = opts.guildShard === undefined ? snowflake() : snowflakeOnShard(opts.guildShard, shardCount);
  const channelId = snowflake();
  const ownerId = snowflake();

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

  const channels = new Map<string, Json>();
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

  return {
    applicationId,
    guildId,
    channelId,
    ownerId,
    joinedAt: new Date().toISOString(),
    botUser,
    human,
    users: new Map([
      [botUser.id, botUser],
      [human.id, human],
    ]),
    memberIds: new Set([botUser.id, human.id]),
    channels,
    dmChannelByUser: new Map(),
    messages: new Map(),
    interactions: new Map(),
    commands: new Map(),
    threadsAllowed: opts.threadsAllowed ?? true,
    shardCount,
    identifiedShards: [],
    identify: undefined,
    gatewayUrl: '',
    nonces: new Map(),
    nonceWindowMs: opts.nonceWindowMs ?? 300_000,
  };
}
