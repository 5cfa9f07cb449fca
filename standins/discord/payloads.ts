/** Builders of the guild, member, user and DM channel objects the stand-in sends. */
import type { APIUser } from 'discord.js';
import { snowflake } from './ids.js';
import type { DiscordState, Json } from './state.js';

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

export function everyonePermissions(state: DiscordState): string {
  let bits = 0n;
  for (const [name, bit] of Object.entries(EVERYONE_PERMISSION_BITS)) {
    if (name === 'createPublicThreads' && !state.threadsAllowed) continue;
    bits |= bit;
  }
  return bits.toString();
}

/** The known user with `id`, or a new one made up (and kept) for it. */
export function userFor(state: DiscordState, id: string, bot = false): APIUser {
  const known = state.users.get(id);
  if (known) return known;
  const user: APIUser = {
    id,
    username: `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
  state.users.set(id, user);
  return user;
}

export function memberPayload(state: DiscordState, user: APIUser | null): Json {
  return {
    ...(user ? { user } : {}),
    roles: [],
    joined_at: state.joinedAt,
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

/** The guild's channels without its threads. */
export function guildChannels(state: DiscordState): Json[] {
  return [...state.channels.values()].filter(
    (c) => c.guild_id === state.guildId && c.type !== 11 && c.type !== 12,
  );
}

export function guildPayload(state: DiscordState): Json {
  const { guildId } = state;
  return {
    id: guildId,
    name: 'Stand-in Guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: state.ownerId,
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
        permissions: everyonePermissions(state),
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

/** The full guild as GUILD_CREATE delivers it: members and channels included. */
export function guildCreatePayload(state: DiscordState): Json {
  const members = [...state.memberIds].map((id) => memberPayload(state, userFor(state, id)));
  return {
    ...guildPayload(state),
    joined_at: state.joinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    members,
    channels: guildChannels(state),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The DM channel between the bot and `userId`, opened on first use. */
export function dmChannelFor(state: DiscordState, userId: string): Json {
  let id = state.dmChannelByUser.get(userId);
  if (!id) {
    id = snowflake();
    state.dmChannelByUser.set(userId, id);
    state.channels.set(id, {
      id,
      type: 1,
      last_message_id: null,
      flags: 0,
      recipients: [userFor(state, userId)],
    });
  }
  return state.channels.get(id) as Json;
}
