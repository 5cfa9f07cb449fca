/**
 * The REST API under `/api/v10`: gateway discovery, users, the application and the guild here; the
 * interaction, channel and command routes in their own modules, registered in this order.
 */
import { addChannelRoutes } from './channel-routes.js';
import { addCommandRoutes } from './command-routes.js';
import { addInteractionRoutes } from './interaction-routes.js';
import { dmChannelFor, guildChannels, guildPayload, memberPayload, userFor } from './payloads.js';
import { apiError, createRouter, invalidFormBody, type Router } from './router.js';
import type { DiscordState } from './state.js';

export function createRestRoutes(state: DiscordState): Router {
  const router = createRouter();
  const route = router.add;
  const { botUser, applicationId, guildId } = state;

  route('GET', '/gateway/bot', () => ({
    status: 200,
    body: {
      url: state.gatewayUrl,
      shards: state.shardCount,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    },
  }));
  route('GET', '/gateway', () => ({ status: 200, body: { url: state.gatewayUrl } }));
  route('GET', '/users/@me', () => ({
    status: 200,
    body: { ...botUser, verified: true, mfa_enabled: false },
  }));
  route('GET', '/users/:user', ({ user }) => {
    const found = state.users.get(user as string);
    return found ? { status: 200, body: found } : apiError(404, 10013, 'Unknown User');
  });
  route('POST', '/users/@me/channels', (_p, req) => {
    const recipient = String(req.body?.recipient_id ?? '');
    if (!/^\d+$/.test(recipient)) return invalidFormBody();
    return { status: 200, body: dmChannelFor(state, recipient) };
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
      owner: userFor(state, state.ownerId),
    },
  }));
  route('GET', '/guilds/:guild', ({ guild }) =>
    guild === guildId ? { status: 200, body: guildPayload(state) } : apiError(404, 10004, 'Unknown Guild'),
  );
  route('GET', '/guilds/:guild/channels', ({ guild }) =>
    guild === guildId ? { status: 200, body: guildChannels(state) } : apiError(404, 10004, 'Unknown Guild'),
  );
  route('GET', '/guilds/:guild/members/:user', ({ guild, user }) =>
    guild === guildId && state.memberIds.has(user as string)
      ? { status: 200, body: memberPayload(state, userFor(state, user as string)) }
      : apiError(404, 10007, 'Unknown Member'),
  );

  addInteractionRoutes(router, state);
  addChannelRoutes(router, state);
  addCommandRoutes(router, state);
  return router;
}
