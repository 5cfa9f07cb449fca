/**
 * Answers of the Web API methods the bot calls (`auth.test`, `chat.*`, `conversations.*`, `users.info`, …);
 * any other method gets `{ ok: true }`.
 */
import { createHistory, type History } from './history.js';
import type { SlackStandInOptions } from './types.js';

/** Who the stand-in is: the bot's ids and its workspace. */
export type SlackIdentity = Required<SlackStandInOptions>;

export interface WebApi {
  // biome-ignore lint/suspicious/noExplicitAny: Slack bodies are loose.
  answer(method: string, body: any): Record<string, unknown>;
  /** What `users.info` reports for `userId` (default: neither admin nor owner). */
  setUserInfo(userId: string, info: { is_admin?: boolean; is_owner?: boolean }): void;
  /** Messages posted with chat.postMessage, per channel (metadata kept). */
  history: History;
  /** The Home tab last published for each user with views.publish. */
  homeViews: Map<string, Record<string, unknown>>;
}

/** `baseUrl()` is the server's `http://127.0.0.1:PORT`, where `apps.connections.open` points Socket Mode. */
export function createWebApi(identity: SlackIdentity, baseUrl: () => string): WebApi {
  const { botUserId, botId, teamId, appId } = identity;
  const users = new Map<string, { is_admin?: boolean; is_owner?: boolean }>();
  let tsCounter = 0;
  let ticketCounter = 0;
  const history = createHistory();
  const homeViews = new Map<string, Record<string, unknown>>();

  const nextTs = (): string => {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };

  // biome-ignore lint/suspicious/noExplicitAny: Slack bodies are loose.
  const answer = (method: string, body: any): Record<string, unknown> => {
    const botMessage = (ts: string, extra: Record<string, unknown> = {}) => ({
      type: 'message',
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      team: teamId,
      ts,
      text: body.text ?? '',
      ...(body.blocks !== undefined ? { blocks: body.blocks } : {}),
      ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
      ...(body.thread_ts !== undefined ? { thread_ts: body.thread_ts } : {}),
      ...extra,
    });
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://standin.slack.com/',
          team: 'Stand-in',
          user: 'archivist',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        const meta = body.metadata?.event_type ? { metadata: body.metadata } : {};
        const message = botMessage(ts, meta);
        history.add(String(body.channel), message);
        return { ok: true, channel: body.channel, ts, message };
      }
      case 'conversations.replies': {
        // The thread as the stand-in saw it: the messages posted with chat.postMessage into it.
        const ts = String(body.ts ?? '');
        const messages = history
          .list(String(body.channel ?? ''))
          .filter((m) => m.ts === ts || m.thread_ts === ts);
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.history':
        return history.answer(body);
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.update':
        return {
          ok: true,
          channel: body.channel,
          ts: body.ts,
          text: body.text ?? '',
          message: botMessage(String(body.ts), { edited: { user: botUserId, ts: nextTs() } }),
        };
      case 'chat.delete':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'conversations.info': {
        const id = String(body.channel ?? '');
        return {
          ok: true,
          channel: {
            id,
            name: id.startsWith('D') ? undefined : 'general',
            is_channel: id.startsWith('C'),
            is_group: id.startsWith('G'),
            is_im: id.startsWith('D'),
            is_private: !id.startsWith('C'),
            is_archived: false,
            is_member: true,
            context_team_id: teamId,
          },
        };
      }
      case 'conversations.open': {
        const first = String(body.users ?? body.channel ?? 'U0').split(',')[0] ?? 'U0';
        return { ok: true, channel: { id: `D${first.replace(/^[UW]/, '')}` } };
      }
      case 'users.info': {
        const id = String(body.user ?? '');
        const info = users.get(id) ?? {};
        return {
          ok: true,
          user: {
            id,
            team_id: teamId,
            name: id.toLowerCase(),
            real_name: `User ${id}`,
            deleted: false,
            is_bot: id === botUserId,
            is_admin: info.is_admin ?? false,
            is_owner: info.is_owner ?? false,
            tz: 'UTC',
            profile: { display_name: id.toLowerCase(), real_name: `User ${id}` },
          },
        };
      }
      case 'apps.connections.open':
        ticketCounter += 1;
        return {
          ok: true,
          url: `${baseUrl().replace(/^http/, 'ws')}/link/?ticket=t${ticketCounter}&app_id=${appId}`,
        };
      // files.uploadV2 is three steps: ask for an upload URL (here, on the stand-in), post the bytes, complete.
      case 'files.getUploadURLExternal': {
        const fileId = `F${nextTs().replace('.', '')}`;
        return { ok: true, file_id: fileId, upload_url: `${baseUrl()}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal': {
        const files = typeof body.files === 'string' ? JSON.parse(body.files) : (body.files ?? []);
        return {
          ok: true,
          files: (files as Array<{ id: string; title?: string }>).map((f) => ({
            id: f.id,
            title: f.title ?? '',
          })),
        };
      }
      case 'views.publish':
        // Slack answers invalid_arguments without a user or a home view; the stand-in refuses the same.
        if (!body.user_id || body.view?.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        homeViews.set(String(body.user_id), body.view);
        return {
          ok: true,
          view: { id: `V${nextTs().replace('.', '')}`, team_id: teamId, app_id: appId, ...body.view },
        };
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return {
          ok: true,
          view: { id: `V${nextTs().replace('.', '')}`, team_id: teamId, app_id: appId, ...(body.view ?? {}) },
        };
      default:
        return { ok: true };
    }
  };

  return {
    answer,
    history,
    homeViews,
    setUserInfo(userId, info) {
      users.set(userId, { ...users.get(userId), ...info });
    },
  };
}
