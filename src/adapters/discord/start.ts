import { createHash } from 'node:crypto';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  Partials,
  REST,
  Routes,
  Status,
} from 'discord.js';
import { ArchivistError } from '../../core/errors.js';
import type { OnThisDay } from '../../core/types.js';
import type { PlatformDeps, RunningPlatform } from '../platform.js';
import { renderAlert } from './alert-render.js';
import type { Bot } from './bot.js';
import { findDailyPost } from './daily-post.js';
import { onInteraction } from './interactions.js';
import { NO_MENTIONS } from './limits.js';
import { onMessage } from './messages.js';
import { renderNotice, renderOnThisDay } from './render.js';
import { DIRECT_REPLY_BUDGET_MS } from './reply-budget.js';

export interface DiscordPlatform extends RunningPlatform {
  name: 'discord';
  client: Client;
  postOnThisDay(channelId: string, result: OnThisDay, key?: string): Promise<void>;
  findDailyPost(channelId: string, key: string, since: Date): Promise<boolean>;
}

export interface StartDiscordOptions {
  /** Default DIRECT_REPLY_BUDGET_MS; tests of the deferred path pass a few milliseconds. */
  replyBudgetMs?: number;
}

/** A post Discord refused, with its error code (50013 Missing Permissions, 10003 Unknown Channel, …). */
export class DiscordPostError extends Error {
  readonly code: number | string;
  readonly status: number | undefined;
  constructor(channelId: string, cause: unknown) {
    const code = cause instanceof DiscordAPIError ? cause.code : 'UNKNOWN';
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`discord: posting to channel ${channelId} failed: ${why} (code ${code})`, { cause });
    this.name = 'DiscordPostError';
    this.code = code;
    this.status = cause instanceof DiscordAPIError ? cause.status : undefined;
  }
}

/**
 * Logs in, answers slash commands, buttons, mentions and DMs, and resolves once the client is ready.
 * Intents: Guilds, GuildMessages, DirectMessages; the privileged MessageContent only with
 * DISCORD_MESSAGE_CONTENT=on (follow-ups in the bot's threads without a mention).
 */
export async function startDiscord(
  deps: PlatformDeps,
  options: StartDiscordOptions = {},
): Promise<DiscordPlatform> {
  const { services, pipeline } = deps;
  const settings = services.config.discord;
  if (!settings) throw new ArchivistError('CONFIG_INVALID', 'DISCORD_TOKEN and DISCORD_APP_ID are not set');
  const logger = services.logger.child({ platform: 'discord' });
  const client = new Client({
    ...(await shardOptions(settings)),
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(settings.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    partials: [Partials.Channel],
    rest: {
      api: settings.apiUrl,
      // Called on every 429 (and pre-emptive wait); returning false lets @discordjs/rest wait and retry.
      rejectOnRateLimit: () => {
        services.metrics?.errors.inc({ platform: 'discord', kind: 'platform_rate_limited' });
        return false;
      },
    },
    // The default for every send, reply and edit; each payload also sets it explicitly.
    allowedMentions: NO_MENTIONS,
  });
  const bot: Bot = {
    client,
    pipeline,
    logger,
    replyBudgetMs: options.replyBudgetMs ?? DIRECT_REPLY_BUDGET_MS,
    messageContent: settings.messageContent,
    toldHowToAsk: new Set(),
  };

  // Both handlers end in the pipeline, which never rejects; the catch is for translation bugs only.
  const failed = (ref: string) => (err: unknown) => {
    services.metrics?.errors.inc({ platform: 'discord', kind: 'handler' });
    logger.error({ err, ref }, 'discord event failed');
  };
  client.on(Events.InteractionCreate, (i) => {
    onInteraction(bot, i).catch(failed(i.id));
  });
  client.on(Events.MessageCreate, (m) => {
    onMessage(bot, m).catch(failed(m.id));
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.warn({ code: event.code, shard }, 'gateway disconnected'),
  );

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(settings.token);
  } catch (err) {
    await client.destroy();
    const code = (err as { code?: unknown }).code;
    if (code === 'TokenInvalid' || (err instanceof DiscordAPIError && err.status === 401)) {
      throw new ArchivistError(
        'CONFIG_INVALID',
        'Discord refused DISCORD_TOKEN: reset the token under Bot in the Developer Portal and set it again',
        { cause: err },
      );
    }
    // Anything else at login is the network or the API: one line naming where, as Slack's start does.
    const why = err instanceof Error ? err.message : String(err);
    throw new ArchivistError(
      'PLATFORM_UNAVAILABLE',
      `cannot reach the Discord API at ${settings.apiUrl} (${why}): check the network, or DISCORD_API_URL`,
      { cause: err },
    );
  }
  const user = (await ready).user;
  logger.info({ user: user.tag, guilds: client.guilds.cache.size }, 'discord ready');

  let stopped = false;
  return {
    name: 'discord',
    client,
    isConnected: () =>
      !stopped && client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready),
    // One health part per shard this process runs, so /healthz names the shard that is down.
    parts: () =>
      [...client.ws.shards.values()].map((shard) => ({
        name: `discord shard ${shard.id}`,
        ok: !stopped && shard.status === Status.Ready,
      })),
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      logger.info('discord logged out');
    },
    // A guild's channels are cached by the shard that carries the guild; anything else is a DM
    // (or a guild on another host's shards), which Discord delivers to shard 0.
    servesChannel(channelId) {
      const channel = client.channels.cache.get(channelId);
      if (channel && !channel.isDMBased()) return true;
      return client.ws.shards.has(0);
    },
    // The key as nonce with enforce_nonce: a re-send within Discord's nonce window returns the
    // earlier message instead of posting twice.
    async postOnThisDay(channelId, result, key) {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isSendable()) throw new Error('not a channel the bot can post in');
        await channel.send({
          ...renderOnThisDay(result),
          ...(key ? { nonce: key, enforceNonce: true } : {}),
        });
      } catch (err) {
        throw new DiscordPostError(channelId, err);
      }
    },
    // Sent like the daily post; the nonce (Discord allows 25 characters) stops a library retry doubling it.
    async postAlert(channelId, post, key) {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isSendable()) throw new Error('not a channel the bot can post in');
        await channel.send({ ...renderAlert(post), nonce: alertNonce(key), enforceNonce: true });
      } catch (err) {
        throw new DiscordPostError(channelId, err);
      }
    },
    async postNotice(channelId, text) {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isSendable()) throw new Error('not a channel the bot can post in');
        await channel.send(renderNotice('info', text));
      } catch (err) {
        throw new DiscordPostError(channelId, err);
      }
    },
    async findDailyPost(channelId, key, since) {
      try {
        return await findDailyPost(client, channelId, key, since);
      } catch (err) {
        throw new DiscordPostError(channelId, err);
      }
    },
  };
}

/** An alert post's key as a Discord nonce: a short hash (nonces are at most 25 characters). */
function alertNonce(key: string): string {
  return `al${createHash('sha256').update(key).digest('base64url').slice(0, 20)}`;
}

type DiscordSettings = NonNullable<PlatformDeps['services']['config']['discord']>;

/**
 * discord.js shard options from DISCORD_SHARDS / DISCORD_SHARD_IDS. `auto` alone lets discord.js ask
 * Discord; `auto` with a subset of ids needs the count first (GET /gateway/bot), since every host must
 * identify with the same total.
 */
async function shardOptions(
  settings: DiscordSettings,
): Promise<{ shards?: 'auto' | number[]; shardCount?: number }> {
  const sharding = settings.shards;
  if (!sharding) return {};
  if (sharding.count === 'auto' && !sharding.ids) return { shards: 'auto' };
  const count = sharding.count === 'auto' ? await recommendedShards(settings) : sharding.count;
  const ids = sharding.ids ?? Array.from({ length: count }, (_, i) => i);
  const outside = ids.filter((id) => id >= count);
  if (outside.length) {
    throw new ArchivistError(
      'CONFIG_INVALID',
      `DISCORD_SHARD_IDS lists shard ${outside.join(', ')}, but there are ${count} shards (ids 0–${count - 1})`,
    );
  }
  return { shards: ids, shardCount: count };
}

async function recommendedShards(settings: DiscordSettings): Promise<number> {
  try {
    const rest = new REST({ api: settings.apiUrl }).setToken(settings.token);
    const body = (await rest.get(Routes.gatewayBot())) as { shards?: number };
    return Math.max(1, body.shards ?? 1);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ArchivistError(
      'PLATFORM_UNAVAILABLE',
      `cannot ask the Discord API at ${settings.apiUrl} how many shards to run (${why}): set DISCORD_SHARDS to a number, or check the network`,
      { cause: err },
    );
  }
}
