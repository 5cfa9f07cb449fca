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
