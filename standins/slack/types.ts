/** The Slack stand-in's public types: what tests call and what it records. */

/** One request the stand-in received. */
export interface SlackCall {
  /** Web API method (`'chat.postMessage'`), or `'response_url'` for a POST to `responseUrl()`, `'file_upload'` for a file's bytes (`body.data`). */
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
  /** The Home tab view last published for `userId` with views.publish, if any. */
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit views are loose.
  homeView(userId: string): Record<string, any> | undefined;
  /** Messages chat.postMessage stored in `channel` (with their `metadata`), oldest first. */
  // biome-ignore lint/suspicious/noExplicitAny: Slack messages are loose.
  channelMessages(channel: string): Array<Record<string, any>>;
  /**
   * While true, chat.postMessage stores the message and then holds the response open (until
   * `releaseHeld()` or close): a send in flight that a crash cuts off after it arrived.
   */
  holdPosts: boolean;
  releaseHeld(): void;
  /** Drop every connection (HTTP and WebSocket) and stop listening. */
  close(): Promise<void>;
}

export interface SlackStandInOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  appId?: string;
}
