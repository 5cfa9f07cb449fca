import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { ArchivistError } from '../../core/errors.js';
import type { OnThisDay } from '../../core/types.js';
import type { PlatformDeps, RunningPlatform } from '../platform.js';
import { registerActions } from './actions.js';
import { AdminCache, slackErrorCode } from './admins.js';
import { renderAlert } from './alert-render.js';
import { renderOnThisDay } from './blocks.js';
import { boltLogger } from './bolt-logger.js';
import { registerSlashCommands } from './commands.js';
import { dailyMetadata, findDailyPost } from './daily-post.js';
import { registerEvents } from './events.js';
import { registerHome } from './home.js';
import { type SlackMessage, sendable } from './limits.js';
import { renderResult } from './render.js';
import { dropReplays, refuseSkewedTimestamps, requestKey } from './request-guard.js';
import type { SlackRuntime } from './runtime.js';
import { registerShortcuts } from './shortcuts.js';
import { BotThreads } from './threads.js';

export interface SlackPlatform extends RunningPlatform {
  name: 'slack';
  mode: 'socket' | 'http';
  /** HTTP mode: where Slack's requests go (`http://host:port/slack/events`). */
  eventsUrl?: string;
  postOnThisDay(channelId: string, result: OnThisDay, key?: string): Promise<void>;
  findDailyPost(channelId: string, key: string, since: Date): Promise<boolean>;
}

export interface StartSlackOptions {
  /** HTTP mode listen address; default `config.slack.port` on every interface. */
  listen?: { port: number; host?: string };
  /** Web API retry policy; default five retries over five minutes. */
  retryConfig?: webApi.RetryOptions;
  /** Socket Mode: reconnect when the connection drops. Default true. */
  autoReconnect?: boolean;
}

/** A post Slack refused, with Slack's error code (`channel_not_found`, `not_in_channel`, …). */
export class SlackPostError extends Error {
  readonly code: string;
  constructor(channelId: string, cause: unknown) {
    const code = slackErrorCode(cause);
    super(`slack: posting to channel ${channelId} failed: ${code}`, { cause });
    this.name = 'SlackPostError';
    this.code = code;
  }
}

/**
 * Starts the Bolt app: Socket Mode when an app token is set (no public URL needed), else HTTP mode on
 * `PORT`. Checks the bot token first (auth.test), so a wrong token fails at start with a clear message.
 */
export async function startSlack(
  deps: PlatformDeps,
  options: StartSlackOptions = {},
): Promise<SlackPlatform> {
  const { services, pipeline } = deps;
  const settings = services.config.slack;
  if (!settings) throw new ArchivistError('CONFIG_INVALID', 'SLACK_BOT_TOKEN is not set');
  const logger = services.logger.child({ platform: 'slack' });
  const blog = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: `${settings.apiUrl}/`,
    retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes,
    // Every Web API call and response_url post goes through here: count the 429s the client waits out.
    fetch: countRateLimits(() =>
      services.metrics?.errors.inc({ platform: 'slack', kind: 'platform_rate_limited' }),
    ),
  };
  let receiver: Receiver;
  if (settings.mode === 'socket' && settings.appToken) {
    receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logger: blog,
      autoReconnectEnabled: options.autoReconnect ?? true,
      installerOptions: { clientOptions },
    });
  } else if (settings.signingSecret) {
    const http = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      logger: blog,
      endpoints: '/slack/events',
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.end('ok\n') }],
      customPropertiesExtractor: requestKey,
    });
    refuseSkewedTimestamps(http, (req, timestamp) =>
      logger.warn({ path: req.url, timestamp }, 'slack request refused: timestamp more than 5 min off'),
    );
    receiver = http;
  } else {
    throw new ArchivistError(
      'CONFIG_INVALID',
      'set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)',
    );
  }

  const ids = await verifyToken(settings.botToken, settings.apiUrl, {
    ...clientOptions,
    logger: blog,
    retryConfig: options.retryConfig ?? { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 1000 },
  });
  const app = new App({
    token: settings.botToken,
    ...ids,
    receiver,
    logger: blog,
    clientOptions,
    convoStore: false,
  });

  const rt: SlackRuntime = {
    pipeline,
    logger,
    admins: new AdminCache(services.clock, logger),
    prefix: settings.commandPrefix,
    threads: new BotThreads(),
  };
  dropReplays(app, rt);
  registerEvents(app, rt);
  registerSlashCommands(app, rt);
  registerActions(app, rt);
  registerShortcuts(app, rt);
  registerHome(app, rt);
  app.error(async (error) => {
    // Reached only by failures outside our handlers' own try/catch (Bolt internals, authorization).
    logger.error({ err: error }, 'slack app error');
  });

  let eventsUrl: string | undefined;
  let connected: () => boolean;
  if (receiver instanceof HTTPReceiver) {
    const listen = options.listen ?? { port: settings.port };
    const server = (await app.start(listen.host ? listen : listen.port)) as Server;
    const { port } = server.address() as AddressInfo;
    eventsUrl = `http://${listen.host ?? 'localhost'}:${port}/slack/events`;
    connected = () => server.listening;
  } else {
    const socket = (receiver as SocketModeReceiver).client;
    let up = false;
    socket.on('connected', () => {
      up = true;
    });
    for (const down of ['close', 'disconnecting', 'disconnected', 'reconnecting']) {
      socket.on(down, () => {
        up = false;
      });
    }
    await app.start();
    connected = () => up;
  }
  const mode = receiver instanceof HTTPReceiver ? 'http' : 'socket';
  logger.info(
    { mode, ...(eventsUrl ? { eventsUrl } : {}), commands: services.commands.length },
    'slack ready',
  );

  let stopped = false;
  /** A post the bot makes on its own (daily, alert, notice): never unfurled; a refusal names the channel. */
  const post = async (
    channel: string,
    message: SlackMessage & { metadata?: ReturnType<typeof dailyMetadata> },
  ) => {
    try {
      await app.client.chat.postMessage({
        ...message,
        channel,
        unfurl_links: false,
        unfurl_media: false,
      } as webApi.ChatPostMessageArguments);
    } catch (err) {
      throw new SlackPostError(channel, err);
    }
  };
  return {
    name: 'slack',
    mode,
    ...(eventsUrl ? { eventsUrl } : {}),
    isConnected: () => !stopped && connected(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      logger.info('slack stopped');
    },
    async postOnThisDay(channelId, result, key) {
      const msg = sendable(renderOnThisDay(result), (problems) =>
        logger.warn({ channel: channelId, problems }, 'daily post over limits; sending plain text'),
      );
      await post(channelId, { ...msg, ...(key ? { metadata: dailyMetadata(key) } : {}) });
    },
    async postAlert(channelId, alert) {
      const msg = sendable(renderAlert(alert), (problems) =>
        logger.warn({ channel: channelId, problems }, 'alert post over limits; sending plain text'),
      );
      await post(channelId, msg);
    },
    async postNotice(channelId, text) {
      await post(channelId, renderResult({ kind: 'notice', tone: 'info', text }));
    },
    async findDailyPost(channelId, key, since) {
      try {
        return await findDailyPost(app.client, channelId, key, since);
      } catch (err) {
        throw new SlackPostError(channelId, err);
      }
    },
  };
}

/**
 * auth.test with a short retry: a wrong token or an unreachable API should stop the start within
 * seconds with what to fix, not retry for minutes. Gives Bolt the bot ids so it does not ask again.
 */
async function verifyToken(
  token: string,
  apiUrl: string,
  clientOptions: webApi.WebClientOptions,
): Promise<{ botId?: string; botUserId?: string }> {
  try {
    const res = await new webApi.WebClient(token, clientOptions).auth.test();
    return {
      ...(res.bot_id ? { botId: res.bot_id } : {}),
      ...(res.user_id ? { botUserId: res.user_id } : {}),
    };
  } catch (err) {
    const code = slackErrorCode(err);
    if (['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'].includes(code)) {
      throw new ArchivistError(
        'CONFIG_INVALID',
        `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again`,
        { cause: err },
      );
    }
    if ((err as { code?: unknown }).code === webApi.ErrorCode.RequestError) {
      throw new ArchivistError(
        'PLATFORM_UNAVAILABLE',
        `cannot reach the Slack Web API at ${apiUrl} (${code}): check the network, or SLACK_API_URL`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** `fetch` that tells the guard about each 429; the Web API client then waits `retry-after` and retries. */
function countRateLimits(onRateLimited: () => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (res.status === 429) onRateLimited();
    return res;
  };
}
