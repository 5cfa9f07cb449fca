/**
 * A local stand-in for the Slack Web API and Socket Mode, for end-to-end tests that run the real
 * `@slack/bolt` `App` on 127.0.0.1 (these machines have no route to slack.com).
 *
 * One HTTP server answers:
 * - `POST /api/<method>`: the Web API. Point the app at it with
 *   `clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } }`.
 * - `POST /response/<id>`: response_url targets (`standIn.responseUrl()`), recorded as method `'response_url'`.
 * - `GET /link/?ticket=…` (WebSocket upgrade): Socket Mode. `apps.connections.open` hands out this URL.
 *
 * Every request is recorded in `calls` (in arrival order) before it is answered, so `waitFor()` can be
 * used to wait for side effects of handlers that run after the ack.
 *
 * Socket Mode gotcha (Bolt 5.1): `new App({ socketMode: true, appToken, clientOptions })` passes the same
 * `clientOptions` to the socket-mode client (via `installerOptions.clientOptions`), so `slackApiUrl` and
 * `retryConfig` reach `apps.connections.open`. The ping/reconnect knobs (`autoReconnectEnabled`,
 * `clientPingTimeout`, `serverPingTimeout`) are NOT forwarded by `App`; to set them build the receiver
 * yourself: `new SocketModeReceiver({ appToken, autoReconnectEnabled: false, installerOptions: { clientOptions } })`
 * and pass it as `receiver`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Default ids, shared by the stand-in and the payload helpers below so they agree out of the box. */
export const STANDIN_TEAM_ID = 'T0STANDIN';
export const STANDIN_BOT_USER_ID = 'U0BOT';
export const STANDIN_BOT_ID = 'B0BOT';
export const STANDIN_APP_ID = 'A1';
export const STANDIN_USER_ID = 'U0ALICE';
export const STANDIN_CHANNEL_ID = 'C0GENERAL';

/** One request the stand-in received. */
export interface SlackCall {
  /** Web API method (`'chat.postMessage'`), or `'response_url'` for a POST to `responseUrl()`. */
  method: string;
  /** Parsed body: form fields or JSON; `blocks`, `attachments`, `view` and `metadata` JSON-decoded if strings. */
  // biome-ignore lint/suspicious/noExplicitAny: test helper; callers read arbitrary Slack fields.
  body: any;
  /** Request headers as Node parsed them (lower-case names), e.g. `authorization: 'Bearer xoxb-…'`. */
  headers: Record<string, string | string[] | undefined>;
  /** Request path, e.g. `/api/chat.postMessage` or `/response/r1`. */
  path: string;
}

/** A canned answer for `failNext()`. */
export interface SlackFailure {
  /** HTTP status, default 200 (Slack reports most errors as 200 with `ok:false`). */
  status?: number;
  /** JSON body, default `{ ok: false, error: 'internal_error' }`. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SlackEnvelopeOptions {
  /** Default: true for `slash_commands`, false otherwise. */
  accepts_response_payload?: boolean;
  /** Only sent for `events_api` (default 0), with `retry_reason` `''` or `'timeout'`. */
  retry_attempt?: number;
  /** How long to wait for the ack, default 3000 ms (Slack's own deadline). */
  timeoutMs?: number;
}

/** An ack the app sent back over the socket: `{ envelope_id, payload? }`. */
export interface SlackSocketAck {
  envelope_id: string;
  // biome-ignore lint/suspicious/noExplicitAny: whatever the app passed to ack().
  payload?: any;
}

export interface SlackSocketStandIn {
  /** Resolves once a Socket Mode client is connected and has been sent `hello` (immediately if one is). */
  readonly connected: Promise<void>;
  /** How many WebSocket connections were accepted so far (reconnects count). */
  readonly connectionCount: number;
  /** Send an envelope to the connected client; resolves with the ack JSON for its `envelope_id`. */
  sendEnvelope(
    type: 'slash_commands' | 'events_api' | 'interactive',
    payload: unknown,
    opts?: SlackEnvelopeOptions,
  ): Promise<SlackSocketAck>;
  /** Ask the client to reconnect, as Slack does when it recycles a connection (`{type:'disconnect'}`). */
  requestDisconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
}

export interface SlackStandIn {
  /** `http://127.0.0.1:P/api/` — use as `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /** A URL on the stand-in whose POSTs are recorded as method `'response_url'` (JSON body). */
  responseUrl(id?: string): string;
  botUserId: string;
  botId: string;
  teamId: string;
  appId: string;
  /** Everything received so far, oldest first. Tests may clear it with `calls.length = 0`. */
  calls: SlackCall[];
  /**
   * First call (already recorded or still to come) matching `pred`. Rejects after `timeoutMs`
   * (default 2000) with the list of methods seen, to make failures readable.
   */
  waitFor(pred: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  /**
   * Answer the next `times` (default 1) calls of `method` (or `'response_url'`) with `response` instead.
   * Rate limit: `{ status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } }`.
   */
  failNext(method: string, response: SlackFailure, times?: number): void;
  /** What `users.info` reports for `userId` (default: neither admin nor owner). */
  setUserInfo(userId: string, info: { is_admin?: boolean; is_owner?: boolean }): void;
  socket: SlackSocketStandIn;
  /** Drop every connection (HTTP and WebSocket) and stop listening. */
  close(): Promise<void>;
}

export interface SlackStandInOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  appId?: string;
}

interface Waiter {
  pred: (c: SlackCall) => boolean;
  resolve: (c: SlackCall) => void;
}

interface PendingAck {
  resolve: (ack: SlackSocketAck) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const botUserId = options.botUserId ?? STANDIN_BOT_USER_ID;
  const botId = options.botId ?? STANDIN_BOT_ID;
  const teamId = options.teamId ?? STANDIN_TEAM_ID;
  const appId = options.appId ?? STANDIN_APP_ID;

  const calls: SlackCall[] = [];
  const waiters = new Set<Waiter>();
  const failures = new Map<string, Array<{ response: SlackFailure; remaining: number }>>();
  const users = new Map<string, { is_admin?: boolean; is_owner?: boolean }>();
  let tsCounter = 0;
  let ticketCounter = 0;
  let responseCounter = 0;
  let baseUrl = '';

  const nextTs = (): string => {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };

  const record = (call: SlackCall): void => {
    calls.push(call);
    for (const w of waiters) {
      if (w.pred(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  };

  const takeFailure = (method: string): SlackFailure | undefined => {
    const queue = failures.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.response;
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
        return { ok: true, channel: body.channel, ts, message: botMessage(ts) };
      }
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
          url: `${baseUrl.replace(/^http/, 'ws')}/link/?ticket=t${ticketCounter}&app_id=${appId}`,
        };
      case 'views.open':
      case 'views.publish':
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

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let method: string;
    if (path.startsWith('/api/')) method = decodeURIComponent(path.slice('/api/'.length));
    else if (path.startsWith('/response/')) method = 'response_url';
    else {
      send(res, 404, { ok: false, error: 'unknown_path' });
      return;
    }
    const raw = await readBody(req);
    const body: Record<string, unknown> = {
      ...Object.fromEntries(url.searchParams),
      ...(await parseBody(raw, req.headers)),
    };
    record({ method, body, headers: { ...req.headers }, path });

    const failure = takeFailure(method);
    if (failure) {
      send(
        res,
        failure.status ?? 200,
        failure.body ?? { ok: false, error: 'internal_error' },
        failure.headers,
      );
      return;
    }
    send(res, 200, method === 'response_url' ? { ok: true } : answer(method, body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: String(err) });
      else res.end();
    });
  });

  // Socket Mode
  const wss = new WebSocketServer({ noServer: true });
  const pendingAcks = new Map<string, PendingAck>();
  let active: WebSocket | undefined;
  let connectionCount = 0;
  let connectedWaiters: Array<() => void> = [];

  server.on('upgrade', (req: IncomingMessage, sock: Socket, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/link/' && path !== '/link') {
      sock.destroy();
      return;
    }
    wss.handleUpgrade(req, sock, head, (ws) => {
      connectionCount += 1;
      active = ws;
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        let msg: unknown;
        try {
          msg = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (typeof msg !== 'object' || msg === null) return;
        const id = (msg as { envelope_id?: unknown }).envelope_id;
        if (typeof id !== 'string') return;
        const pending = pendingAcks.get(id);
        if (!pending) return;
        pendingAcks.delete(id);
        clearTimeout(pending.timer);
        pending.resolve(msg as SlackSocketAck);
      });
      ws.on('close', () => {
        if (active === ws) active = undefined;
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'applink-standin', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: appId },
        }),
      );
      const ready = connectedWaiters;
      connectedWaiters = [];
      for (const r of ready) r();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const isOpen = (ws: WebSocket | undefined): ws is WebSocket =>
    ws !== undefined && ws.readyState === ws.OPEN;

  const socket: SlackSocketStandIn = {
    get connected(): Promise<void> {
      if (isOpen(active)) return Promise.resolve();
      return new Promise<void>((resolve) => connectedWaiters.push(resolve));
    },
    get connectionCount(): number {
      return connectionCount;
    },
    sendEnvelope(type, payload, opts = {}) {
      const ws = active;
      if (!isOpen(ws)) return Promise.reject(new Error('slack stand-in: no Socket Mode client connected'));
      const envelope_id = randomUUID();
      const envelope: Record<string, unknown> = {
        envelope_id,
        type,
        accepts_response_payload: opts.accepts_response_payload ?? type === 'slash_commands',
        payload,
      };
      if (type === 'events_api') {
        envelope.retry_attempt = opts.retry_attempt ?? 0;
        envelope.retry_reason = (opts.retry_attempt ?? 0) > 0 ? 'timeout' : '';
      }
      const timeoutMs = opts.timeoutMs ?? 3000;
      return new Promise<SlackSocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelope_id);
          reject(new Error(`slack stand-in: no ack for ${type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        pendingAcks.set(envelope_id, { resolve, reject, timer });
        ws.send(JSON.stringify(envelope));
      });
    },
    requestDisconnect(reason = 'refresh_requested') {
      if (isOpen(active)) {
        active.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin' } }));
      }
    },
  };

  return {
    apiUrl: `${baseUrl}/api/`,
    responseUrl(id?: string): string {
      responseCounter += 1;
      return `${baseUrl}/response/${encodeURIComponent(id ?? `r${responseCounter}`)}`;
    },
    botUserId,
    botId,
    teamId,
    appId,
    calls,
    waitFor(pred, timeoutMs = 2000) {
      const existing = calls.find(pred);
      if (existing) return Promise.resolve(existing);
      return new Promise<SlackCall>((resolve, reject) => {
        const waiter: Waiter = {
          pred,
          resolve: (c) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = calls.map((c) => c.method).join(', ') || 'none';
          reject(new Error(`slack stand-in: no matching call within ${timeoutMs} ms (calls seen: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    failNext(method, response, times = 1) {
      const queue = failures.get(method) ?? [];
      queue.push({ response, remaining: times });
      failures.set(method, queue);
    },
    setUserInfo(userId, info) {
      users.set(userId, { ...users.get(userId), ...info });
    },
    socket,
    async close() {
      for (const p of pendingAcks.values()) {
        clearTimeout(p.timer);
        p.reject(new Error('slack stand-in closed'));
      }
      pendingAcks.clear();
      // Close handshake first: `app.stop()` does not wait for the socket client's own close to finish, and
      // killing the TCP socket under it makes the client log a WebSocket error. Terminate stragglers.
      await Promise.all(
        [...wss.clients].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) {
                resolve();
                return;
              }
              const timer = setTimeout(() => {
                ws.terminate();
                resolve();
              }, 500);
              ws.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              if (ws.readyState === ws.OPEN) ws.close(1001, 'stand-in closing');
            }),
        ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(raw: Buffer, headers: IncomingHttpHeaders): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  const type = String(headers['content-type'] ?? '').toLowerCase();
  let fields: Record<string, unknown>;
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    fields =
      typeof parsed === 'object' && parsed !== null
        ? { ...(parsed as Record<string, unknown>) }
        : { value: parsed };
  } else if (type.includes('multipart/form-data')) {
    // File uploads: keep text fields, describe files by name and size.
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    fields = {};
    for (const [k, v] of form.entries()) {
      fields[k] = typeof v === 'string' ? v : { filename: v.name, size: v.size };
    }
  } else {
    fields = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  for (const key of JSON_FIELDS) {
    const v = fields[key];
    if (typeof v === 'string') {
      try {
        fields[key] = JSON.parse(v);
      } catch {
        // leave as given
      }
    }
  }
  return fields;
}

// ---------------------------------------------------------------------------
// Helpers for talking to a Bolt HTTPReceiver (HTTP mode)
// ---------------------------------------------------------------------------

/** Headers Slack adds to every request: `v0=` HMAC-SHA256 of `v0:<ts>:<rawBody>` with the signing secret. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

/**
 * POST a signed request to a Bolt receiver (`http://127.0.0.1:PORT/slack/events`), as Slack would.
 * `form` is sent form-encoded (slash commands; interactivity as `{ payload: JSON.stringify(...) }`),
 * `json` as JSON (Events API). Uses a fresh connection without keep-alive so `app.stop()` (which
 * waits for open connections) returns at once.
 */
export function postToBolt(
  url: string,
  signingSecret: string,
  body: { form?: Record<string, string>; json?: unknown },
  opts: { timestamp?: number; badSignature?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const isForm = body.form !== undefined;
  const raw = isForm ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json ?? {});
  const signed = signSlackRequest(
    opts.badSignature ? `${signingSecret}-wrong` : signingSecret,
    raw,
    opts.timestamp,
  );
  const headers: Record<string, string> = {
    'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
    'content-length': String(Buffer.byteLength(raw)),
    ...signed,
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(raw);
  });
}

// ---------------------------------------------------------------------------
// Payload builders (shapes as Slack sends them; usable over HTTP and Socket Mode)
// ---------------------------------------------------------------------------

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
