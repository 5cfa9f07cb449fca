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
 *
 * The implementation lives in ./slack/: server.ts (HTTP server, recording), web-api.ts (method answers),
 * socket.ts (Socket Mode), signing.ts (signed posts to a Bolt receiver), payloads.ts (what Slack sends).
 */
export * from './slack/ids.js';
export { appHomeOpened, blockActionPayload, eventCallback, slashCommandForm } from './slack/payloads.js';
export { startSlackStandIn } from './slack/server.js';
export { postToBolt, signSlackRequest } from './slack/signing.js';
export type {
  SlackCall,
  SlackEnvelopeOptions,
  SlackFailure,
  SlackSocketAck,
  SlackSocketStandIn,
  SlackStandIn,
  SlackStandInOptions,
} from './slack/types.js';
