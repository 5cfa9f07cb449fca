/**
 * The stand-in's HTTP server: REST under `/api/v10/...` and the gateway (WebSocket upgrade on any
 * path), every REST request recorded, `waitFor()` and `failNext()` on top.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer } from 'ws';
import { closeServer, listen } from '../http.js';
import { FailureQueue, Recorder } from '../recorder.js';
import { createGateway } from './gateway.js';
import { recordedRequestOf, summarize } from './requests.js';
import { createRestRoutes } from './rest-routes.js';
import { createState, type Json, type Reply } from './state.js';
import type { DiscordStandIn, DiscordStandInOptions, RecordedRequest } from './types.js';
import { createUserEvents } from './user-events.js';

interface Failure {
  status: number;
  body: unknown;
}

/** The reply for an injected failure; a 429 comes with the headers @discordjs/rest waits on. */
function failureReply(failure: Failure): Reply {
  if (failure.status === 429) {
    const body = (failure.body ?? {
      message: 'You are being rate limited.',
      retry_after: 0.05,
      global: false,
    }) as Json;
    const retryAfter = typeof body.retry_after === 'number' ? body.retry_after : 0.05;
    return {
      status: 429,
      body,
      headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
    };
  }
  return {
    status: failure.status,
    body: failure.body ?? { message: `${failure.status}: injected failure`, code: 0 },
  };
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startDiscordStandIn(opts: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const state = createState(opts);
  const gateway = createGateway(state);
  const events = createUserEvents(state, gateway.dispatch);
  const router = createRestRoutes(state);
  const recorder = new Recorder<RecordedRequest>((timeoutMs, requests) => {
    const seen = requests.slice(-20).map(summarize).join('\n  ');
    return `waitFor: no matching request within ${timeoutMs} ms. Last requests:\n  ${seen || '(none)'}`;
  });
  const failures = new FailureQueue<RecordedRequest, Failure>();
  let holding = false;
  const held: Array<() => void> = [];
  const releaseHeld = () => {
    for (const release of held.splice(0)) release();
  };

  function routeRequest(req: RecordedRequest, isApi: boolean): Reply {
    const failure = failures.take(req);
    if (failure) return failureReply(failure);
    return (isApi ? router.route(req) : undefined) ?? { status: 404, body: { message: 'Unknown', code: 0 } };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { recorded, isApi } = await recordedRequestOf(req);
    let reply: Reply;
    try {
      reply = routeRequest(recorded, isApi);
    } catch (error) {
      reply = { status: 500, body: { message: `stand-in error: ${String(error)}`, code: 0 } };
    }
    recorded.status = reply.status;
    recorder.record(recorded);
    if (holding && recorded.method === 'POST' && /^\/channels\/\d+\/messages$/.test(recorded.path)) {
      await new Promise<void>((resolve) => held.push(resolve));
    }
    if (reply.status === 204 || reply.body === undefined) {
      // No content-type on an empty body: @discordjs/rest would try to parse it as JSON.
      res.writeHead(reply.status, reply.headers);
      res.end();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `stand-in error: ${String(error)}`, code: 0 }));
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => gateway.accept(socket));

  const port = await listen(server);
  state.gatewayUrl = `ws://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}/api`,
    botUser: { id: state.botUser.id, username: state.botUser.username },
    user: { id: state.human.id, username: state.human.username },
    applicationId: state.applicationId,
    guildId: state.guildId,
    channelId: state.channelId,
    requests: recorder.items,
    identifiedShards: state.identifiedShards,
    get identify() {
      return state.identify;
    },
    set identify(value) {
      state.identify = value;
    },
    get threadsAllowed() {
      return state.threadsAllowed;
    },
    set threadsAllowed(value) {
      state.threadsAllowed = value;
    },
    dispatch: gateway.dispatch,
    ...events,
    waitFor: (pred, timeoutMs = 5000) => recorder.waitFor(pred, timeoutMs),
    failNext(pred, status, body, times = 1) {
      failures.add(pred, { status, body }, times);
    },
    getMessage: (id) => state.messages.get(id),
    getCommands: (guild) => [...(state.commands.get(guild ?? 'global')?.values() ?? [])],
    channelMessages: (channel = state.channelId) =>
      [...state.messages.values()].filter((m) => m.channel_id === channel),
    get holdMessages() {
      return holding;
    },
    set holdMessages(value) {
      holding = value;
    },
    releaseHeld,
    async close() {
      holding = false;
      releaseHeld();
      recorder.rejectWaiters(new Error('Discord stand-in closed'));
      gateway.terminateAll();
      await closeServer(server, wss);
    },
  };
}
