/** Payload builders: shapes as Slack sends them, usable over HTTP and Socket Mode. */
import { randomUUID } from 'node:crypto';
import {
  STANDIN_APP_ID,
  STANDIN_BOT_ID,
  STANDIN_BOT_USER_ID,
  STANDIN_CHANNEL_ID,
  STANDIN_TEAM_ID,
  STANDIN_USER_ID,
} from './ids.js';

/** Slash command fields (HTTP: send as `form`; Socket Mode: `sendEnvelope('slash_commands', form)`). */
export function slashCommandForm(o: {
  command: string;
  text: string;
  userId?: string;
  channelId?: string;
  teamId?: string;
  responseUrl: string;
}): Record<string, string> {
  const userId = o.userId ?? STANDIN_USER_ID;
  return {
    token: 'standin-verification-token',
    team_id: o.teamId ?? STANDIN_TEAM_ID,
    team_domain: 'standin',
    channel_id: o.channelId ?? STANDIN_CHANNEL_ID,
    channel_name: 'general',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: o.command,
    text: o.text,
    api_app_id: STANDIN_APP_ID,
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: `${Date.now()}.${randomUUID()}`,
  };
}

/** An Events API `event_callback` body (HTTP: send as `json`; Socket Mode: `sendEnvelope('events_api', …)`). */
export function eventCallback(o: {
  event: Record<string, unknown>;
  eventId?: string;
  teamId?: string;
  botUserId?: string;
}): unknown {
  const teamId = o.teamId ?? STANDIN_TEAM_ID;
  const now = Math.floor(Date.now() / 1000);
  return {
    token: 'standin-verification-token',
    team_id: teamId,
    api_app_id: STANDIN_APP_ID,
    event: { event_ts: o.event.ts ?? `${now}.000100`, ...o.event },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: now,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: o.botUserId ?? STANDIN_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** An `app_home_opened` event (someone opened the app's Home tab), wrapped like {@link eventCallback}. */
export function appHomeOpened(
  o: { userId?: string; tab?: 'home' | 'messages'; eventId?: string } = {},
): unknown {
  const userId = o.userId ?? STANDIN_USER_ID;
  return eventCallback({
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: `D${userId.replace(/^[UW]/, '')}`,
      tab: o.tab ?? 'home',
    },
    ...(o.eventId ? { eventId: o.eventId } : {}),
  });
}

/**
 * A `block_actions` payload for a button click. HTTP: send as `form: { payload: JSON.stringify(p) }`;
 * Socket Mode: `sendEnvelope('interactive', p)`.
 */
export function blockActionPayload(o: {
  actionId: string;
  value: string;
  userId?: string;
  channelId?: string;
  responseUrl: string;
  messageTs?: string;
  blocks?: unknown[];
  blockId?: string;
}): unknown {
  const userId = o.userId ?? STANDIN_USER_ID;
  const channelId = o.channelId ?? STANDIN_CHANNEL_ID;
  const messageTs = o.messageTs ?? `${Math.floor(Date.now() / 1000)}.000100`;
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  return {
    type: 'block_actions',
    user: {
      id: userId,
      username: userId.toLowerCase(),
      name: userId.toLowerCase(),
      team_id: STANDIN_TEAM_ID,
    },
    api_app_id: STANDIN_APP_ID,
    token: 'standin-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: STANDIN_TEAM_ID, domain: 'standin' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'general' },
    message: {
      type: 'message',
      user: STANDIN_BOT_USER_ID,
      bot_id: STANDIN_BOT_ID,
      app_id: STANDIN_APP_ID,
      team: STANDIN_TEAM_ID,
      ts: messageTs,
      text: '',
      blocks: o.blocks ?? [],
    },
    state: { values: {} },
    response_url: o.responseUrl,
    actions: [
      {
        action_id: o.actionId,
        block_id: o.blockId ?? 'standin_block',
        text: { type: 'plain_text', text: o.value, emoji: true },
        value: o.value,
        type: 'button',
        action_ts: actionTs,
      },
    ],
  };
}
