/** REST routes of interaction responses: the callback, then follow-ups and edits through the webhook. */
import type { APIMessage } from 'discord.js';
import { createMessage, editMessage, MESSAGE_FLAG_EPHEMERAL, MESSAGE_FLAG_LOADING } from './messages.js';
import { userFor } from './payloads.js';
import { apiError, invalidFormBody, type Router, unknownMessage } from './router.js';
import type { DiscordState, InteractionState, Json } from './state.js';

export function addInteractionRoutes(router: Router, state: DiscordState): void {
  const route = router.add;
  const { applicationId, botUser, channels, interactions, messages } = state;

  route('POST', '/interactions/:id/:token/callback', ({ id, token: tok }, req) => {
    const interaction = interactions.get(id as string);
    if (!interaction || interaction.token !== tok) return apiError(404, 10062, 'Unknown interaction');
    if (interaction.acknowledged) return apiError(400, 40060, 'Interaction has already been acknowledged.');
    interaction.acknowledged = true;
    const callbackType = Number(req.body?.type);
    const data = req.body?.data ?? {};
    const channel = channels.get(interaction.channelId) as Json;
    let message: APIMessage | undefined;
    const webhookExtra: Partial<APIMessage> = {
      webhook_id: applicationId,
      application_id: applicationId,
      interaction_metadata: {
        id: interaction.id,
        type: interaction.type,
        user: userFor(state, interaction.userId),
        authorizing_integration_owners: interaction.guildId ? { 0: interaction.guildId } : { 0: '0' },
      } as APIMessage['interaction_metadata'],
    };
    switch (callbackType) {
      case 4:
        message = createMessage(state, channel, botUser, data, req.files, webhookExtra);
        interaction.originalMessageId = message.id;
        break;
      case 5:
        message = createMessage(
          state,
          channel,
          botUser,
          { content: '', flags: ((data.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL) | MESSAGE_FLAG_LOADING },
          [],
          webhookExtra,
        );
        interaction.originalMessageId = message.id;
        break;
      case 6:
      case 7: {
        message = interaction.componentMessageId ? messages.get(interaction.componentMessageId) : undefined;
        if (!message) return invalidFormBody();
        if (callbackType === 7) editMessage(message, data, req.files);
        interaction.originalMessageId = message.id;
        break;
      }
      case 1:
      case 8:
      case 9:
        break;
      default:
        return invalidFormBody();
    }
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: interaction.id,
          type: interaction.type,
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
  const webhookMessage = (interaction: InteractionState, mid: string) => {
    const id = mid === '@original' ? interaction.originalMessageId : mid;
    return id ? messages.get(id) : undefined;
  };
  const unknownWebhook = () => apiError(404, 10015, 'Unknown Webhook');

  route('POST', '/webhooks/:app/:token', ({ app, token: tok }, req) => {
    const interaction = interactionByToken(app as string, tok as string);
    if (!interaction) return unknownWebhook();
    const channel = channels.get(interaction.channelId) as Json;
    const message = createMessage(state, channel, botUser, req.body, req.files, {
      webhook_id: applicationId,
      application_id: applicationId,
    });
    return { status: 200, body: message };
  });
  route('GET', '/webhooks/:app/:token/messages/:mid', ({ app, token: tok, mid }) => {
    const interaction = interactionByToken(app as string, tok as string);
    if (!interaction) return unknownWebhook();
    const message = webhookMessage(interaction, mid as string);
    return message ? { status: 200, body: message } : unknownMessage();
  });
  route('PATCH', '/webhooks/:app/:token/messages/:mid', ({ app, token: tok, mid }, req) => {
    const interaction = interactionByToken(app as string, tok as string);
    if (!interaction) return unknownWebhook();
    const message = webhookMessage(interaction, mid as string);
    return message ? { status: 200, body: editMessage(message, req.body, req.files) } : unknownMessage();
  });
  route('DELETE', '/webhooks/:app/:token/messages/:mid', ({ app, token: tok, mid }) => {
    const interaction = interactionByToken(app as string, tok as string);
    if (!interaction) return unknownWebhook();
    const message = webhookMessage(interaction, mid as string);
    if (!message) return unknownMessage();
    messages.delete(message.id);
    return { status: 204 };
  });
}
