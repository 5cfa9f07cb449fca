/** Ids and tokens the Discord stand-in hands out. */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflakeMs = 0n;
let snowflakeIncrement = 0n;

/** A real-looking, increasing snowflake (discord.js derives `createdTimestamp` from it). */
export function snowflake(): string {
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

export function token(): string {
  return randomBytes(24).toString('base64url');
}

/** A gateway session id. */
export function sessionId(): string {
  return randomBytes(16).toString('hex');
}

/** The shard a guild lives on: `(guild_id >> 22) % shardCount`, as Discord assigns it. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A snowflake whose guild would live on `shard` of `shardCount` (its timestamp a few ms ahead at most). */
export function snowflakeOnShard(shard: number, shardCount: number): string {
  const ms = BigInt(Date.now()) - DISCORD_EPOCH;
  const count = BigInt(shardCount);
  const ahead = (BigInt(shard) - (ms % count) + count) % count;
  return ((ms + ahead) << 22n).toString();
}
