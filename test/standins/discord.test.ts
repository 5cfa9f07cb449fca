import { Client, Events, GatewayIntentBits, type Message, Partials } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';

describe('Discord stand-in with the real discord.js Client', () => {
  let discord: DiscordStandIn;
  let client: Client;
  const received: Message[] = [];

  beforeAll(async () => {
    discord = await startDiscordStandIn();
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      rest: { api: discord.url },
    });
    client.on(Events.MessageCreate, (message) => {
      received.push(message);
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login('any-token');
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await discord?.close();
  });

  it('reaches clientReady with the guild and its text channel cached', () => {
    expect(client.user?.id).toBe(discord.botUser.id);
    expect(client.guilds.cache.get(discord.guildId)?.available).toBe(true);
    expect(client.channels.cache.get(discord.channelId)?.isTextBased()).toBe(true);
    expect(discord.identify.token).toBe('any-token');
    expect(discord.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
  });

  it('delivers a slash command and records deferReply + editReply', async () => {
    const handled = new Promise<string>((resolve, reject) => {
      client.once(Events.InteractionCreate, async (i) => {
        try {
          if (!i.isChatInputCommand()) throw new Error(`unexpected interaction type ${i.type}`);
          await i.deferReply();
          const edited = await i.editReply({ content: 'hi', allowedMentions: { parse: [] } });
          resolve(`${i.options.getString('question')}|${edited.content}`);
        } catch (error) {
          reject(error);
        }
      });
    });
    const { id, token } = discord.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'who won?' }],
    });

    expect(await handled).toBe('who won?|hi');
    const callback = await discord.waitFor((r) => r.path === `/interactions/${id}/${token}/callback`);
    expect(callback.method).toBe('POST');
    expect(callback.body.type).toBe(5);
    expect(callback.status).toBe(204);
    const edit = await discord.waitFor(
      (r) =>
        r.method === 'PATCH' && r.path === `/webhooks/${discord.applicationId}/${token}/messages/@original`,
    );
    expect(edit.body.content).toBe('hi');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('delivers a guild message that mentions the bot', async () => {
    const { id } = discord.sendMessage({ content: 'what happened today?', mentionsBot: true });
    await expect.poll(() => received.find((m) => m.id === id)).toBeDefined();
    const message = received.find((m) => m.id === id) as Message;
    expect(message.guildId).toBe(discord.guildId);
    expect(message.mentions.users.has(discord.botUser.id)).toBe(true);
    expect(message.content).toBe(`<@${discord.botUser.id}> what happened today?`);
  });

  it('delivers a DM and accepts a reply in the DM channel', async () => {
    const { id, channelId } = discord.sendMessage({ content: 'hello bot', dm: true });
    await expect.poll(() => received.find((m) => m.id === id)).toBeDefined();
    const message = received.find((m) => m.id === id) as Message;
    expect(message.guildId).toBeNull();
    expect(message.channel.isDMBased()).toBe(true);

    const reply = await message.reply('hello human');
    expect(reply.channelId).toBe(channelId);
    const sent = await discord.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
    );
    expect(sent.body.message_reference.message_id).toBe(id);
  });

  it('starts a thread from a message and posts in it', async () => {
    const channel = client.channels.cache.get(discord.channelId);
    if (!channel?.isSendable()) throw new Error('text channel not sendable');
    const root = await channel.send('root');
    const thread = await root.startThread({ name: 'answers' });
    expect(thread.id).toBe(root.id);
    expect(thread.parentId).toBe(discord.channelId);
    await thread.send('in thread');
    const posted = await discord.waitFor(
      (r) => r.method === 'POST' && r.path === `/channels/${thread.id}/messages`,
    );
    expect(posted.body.content).toBe('in thread');
  });

  it('retries after an injected 429 and surfaces a 403', async () => {
    const channel = client.channels.cache.get(discord.channelId);
    if (!channel?.isSendable()) throw new Error('text channel not sendable');
    discord.failNext((r) => r.method === 'POST' && r.body?.content === 'limited', 429);
    const sent = await channel.send('limited');
    expect(sent.content).toBe('limited');
    const attempts = discord.requests.filter((r) => r.body?.content === 'limited').map((r) => r.status);
    expect(attempts).toEqual([429, 200]);

    discord.failNext((r) => r.body?.content === 'forbidden', 403, {
      code: 50013,
      message: 'Missing Permissions',
    });
    await expect(channel.send('forbidden')).rejects.toMatchObject({ code: 50013, status: 403 });
  });
});
