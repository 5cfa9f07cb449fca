import { afterEach, describe, expect, it, vi } from 'vitest';
import { directReply, type Harness, startHarness } from './harness.js';

const ask = (value: string) => [{ name: 'question', type: 3, value }];

/** The reply to a DM (DMs arrive on shard 0). */
function dmReply(h: Harness, id: string, channelId: string) {
  return h.discord.waitFor(
    (r) =>
      r.method === 'POST' &&
      r.path === `/channels/${channelId}/messages` &&
      r.body.message_reference?.message_id === id,
  );
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Discord sharding (DISCORD_SHARDS, DISCORD_SHARD_IDS)', () => {
  it('auto: two shards identify as [0,2] and [1,2]; a guild on shard 1 and a DM are both answered', async () => {
    h = await startHarness({ standIn: { shards: 2, guildShard: 1 }, env: { DISCORD_SHARDS: 'auto' } });
    const harness = h;
    expect([...h.discord.identifiedShards].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask('What phones did Xi give Lee?') });
    expect((await directReply(h, id)).body.embeds.length).toBeGreaterThan(0);
    const dm = h.discord.sendMessage({ content: 'Who is John Delury?', dm: true });
    expect((await dmReply(h, dm.id, dm.channelId)).body.embeds.length).toBeGreaterThan(0);
    const parts = h.platform.parts?.() ?? [];
    expect(parts).toEqual([
      { name: 'discord shard 0', ok: true },
      { name: 'discord shard 1', ok: true },
    ]);
    await vi.waitFor(() => expect(harness.platform.isConnected?.()).toBe(true));
  });

  it('a host running only shard 1 of auto identifies as [1,2] alone and answers its guild', async () => {
    h = await startHarness({
      standIn: { shards: 2, guildShard: 1 },
      env: { DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '1' },
    });
    expect(h.discord.identifiedShards).toEqual([[1, 2]]);
    const { id } = h.discord.sendSlashCommand({ name: 'ask', options: ask('What phones did Xi give Lee?') });
    expect((await directReply(h, id)).body.embeds.length).toBeGreaterThan(0);
  });

  it('a shard id past the count is a configuration error naming the ids', async () => {
    await expect(
      startHarness({ standIn: { shards: 2 }, env: { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1-2' } }),
    ).rejects.toThrow(/DISCORD_SHARD_IDS lists a shard at or past DISCORD_SHARDS=2/);
  });
});
