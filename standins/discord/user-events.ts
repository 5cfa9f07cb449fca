/**
 * What a user does, delivered to the bot over the gateway: slash commands, autocomplete, button
 * clicks (INTERACTION_CREATE) and messages (MESSAGE_CREATE).
 */
import { snowflake, token } from './ids.js';
import { createMessage, mentionsIn } from './messages.js';
import { dmChannelFor, everyonePermissions, memberPayload, userFor } from './payloads.js';
import type { DiscordState, InteractionState, Json } from './state.js';
import type {
  AutocompleteOptions,
  ButtonOptions,
  DiscordStandIn,
  InteractionOption,
  SendMessageOptions,
  SlashCommandOptions,
} from './types.js';

export type UserEvents = Pick<
  DiscordStandIn,
  'sendSlashCommand' | 'sendAutocomplete' | 'sendButton' | 'sendMessage' | 'sendMessageCommand'
>;

/** The common part of an interaction payload, and its state, remembered for the callback routes. */
function interactionBase(
  state: DiscordState,
  type: number,
  userId: string,
  permissions: string | undefined,
  channel: Json,
): { payload: Json; state: InteractionState } {
  const { applicationId, guildId } = state;
  const id = snowflake();
  const interactionToken = `aW50ZXJhY3Rpb246${id}:${token()}`;
  const user = userFor(state, userId);
  const inGuild = typeof channel.guild_id === 'string';
  const payload: Json = {
    id,
    application_id: applicationId,
    type,
    token: interactionToken,
    version: 1,
    locale: 'en-US',
    app_permissions: everyonePermissions(state),
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
          member: { ...memberPayload(state, user), permissions: permissions ?? everyonePermissions(state) },
        }
      : { user }),
  };
  const interaction: InteractionState = {
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
  state.interactions.set(id, interaction);
  return { payload, state: interaction };
}

/** The `data` of a command interaction; a registered command lends its id. */
function commandData(
  state: DiscordState,
  name: string,
  options: InteractionOption[],
  subcommand: string | undefined,
): Json {
  const registered = [
    ...(state.commands.get(state.guildId)?.values() ?? []),
    ...(state.commands.get('global')?.values() ?? []),
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

export function createUserEvents(state: DiscordState, dispatch: (t: string, d: unknown) => void): UserEvents {
  const { botUser, human, channels, messages, channelId, guildId } = state;

  function sendSlashCommand(o: SlashCommandOptions): { id: string; token: string } {
    const userId = o.userId ?? human.id;
    const channel = o.dm ? dmChannelFor(state, userId) : (channels.get(channelId) as Json);
    const { payload, state: interaction } = interactionBase(state, 2, userId, o.permissions, channel);
    payload.data = commandData(state, o.name, o.options ?? [], o.subcommand);
    dispatch('INTERACTION_CREATE', payload);
    return { id: interaction.id, token: interaction.token };
  }

  function sendAutocomplete(o: AutocompleteOptions): { id: string; token: string } {
    const options = o.options.map((opt) => ({ ...opt, value: String(opt.value) }));
    const last = options[options.length - 1];
    if (last && !options.some((opt) => opt.focused)) last.focused = true;
    const channel = channels.get(channelId) as Json;
    const { payload, state: interaction } = interactionBase(
      state,
      4,
      o.userId ?? human.id,
      undefined,
      channel,
    );
    payload.data = commandData(state, o.name, options, o.subcommand);
    dispatch('INTERACTION_CREATE', payload);
    return { id: interaction.id, token: interaction.token };
  }

  function sendButton(o: ButtonOptions): { id: string; token: string } {
    let message = o.messageId ? messages.get(o.messageId) : undefined;
    if (!message) {
      const base = channels.get(channelId) as Json;
      message = createMessage(
        state,
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
    const { payload, state: interaction } = interactionBase(
      state,
      3,
      o.userId ?? human.id,
      o.permissions,
      channel,
    );
    payload.data = { custom_id: o.customId, component_type: 2 };
    payload.message = message;
    interaction.componentMessageId = message.id;
    dispatch('INTERACTION_CREATE', payload);
    return { id: interaction.id, token: interaction.token };
  }

  function sendMessage(o: SendMessageOptions): { id: string; channelId: string } {
    const author = userFor(state, o.authorId ?? human.id, o.authorBot ?? false);
    if (o.authorBot) author.bot = true;
    const channel = o.dm ? dmChannelFor(state, author.id) : channels.get(o.channelId ?? channelId);
    if (!channel) throw new Error(`sendMessage: unknown channel ${o.channelId}`);
    const botMention = `<@${botUser.id}>`;
    const mentionsBot = o.content.includes(botMention) || o.content.includes(`<@!${botUser.id}>`);
    const content = o.mentionsBot && !mentionsBot ? `${botMention} ${o.content}` : o.content;
    const message = createMessage(state, channel, author, { content }, []);
    message.mentions = mentionsIn(state, content, !o.dm);
    // Gateway messages carry guild_id and member (REST ones do not); DMs carry channel_type instead.
    const payload: Json = { ...message };
    if (o.dm) payload.channel_type = 1;
    else Object.assign(payload, { guild_id: guildId, member: memberPayload(state, null) });
    dispatch('MESSAGE_CREATE', payload);
    return { id: message.id, channelId: message.channel_id };
  }

  function sendMessageCommand(o: { name: string; messageId: string; userId?: string }): {
    id: string;
    token: string;
  } {
    const target = messages.get(o.messageId);
    if (!target) throw new Error(`sendMessageCommand: unknown message ${o.messageId}`);
    const channel = channels.get(target.channel_id) ?? (channels.get(channelId) as Json);
    const { payload, state: interaction } = interactionBase(
      state,
      2,
      o.userId ?? human.id,
      undefined,
      channel,
    );
    const registered = [...(state.commands.get(guildId)?.values() ?? [])].find(
      (c) => c.name === o.name && c.type === 3,
    );
    payload.data = {
      id: (registered?.id as string | undefined) ?? snowflake(),
      name: o.name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    };
    dispatch('INTERACTION_CREATE', payload);
    return { id: interaction.id, token: interaction.token };
  }

  return { sendSlashCommand, sendAutocomplete, sendButton, sendMessage, sendMessageCommand };
}
