/**
 * The stand-in's HTTP server: the Web API under `/api/<method>`, response_url targets under
 * `/response/<id>` and Socket Mode upgrades, every request recorded before it is answered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, readBody } from '../http.js';
import { FailureQueue, Recorder } from '../recorder.js';
import { STANDIN_APP_ID, STANDIN_BOT_ID, STANDIN_BOT_USER_ID, STANDIN_TEAM_ID } from './ids.js';
import { parseBody } from './request-body.js';
import { attachSocketMode } from './socket.js';
import type { SlackCall, SlackFailure, SlackStandIn, SlackStandInOptions } from './types.js';
import { uploadedFile } from './uploads.js';
import { createWebApi } from './web-api.js';

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const botUserId = options.botUserId ?? STANDIN_BOT_USER_ID;
  const botId = options.botId ?? STANDIN_BOT_ID;
  const teamId = options.teamId ?? STANDIN_TEAM_ID;
  const appId = options.appId ?? STANDIN_APP_ID;

  const recorder = new Recorder<SlackCall>((timeoutMs, calls) => {
    const seen = calls.map((c) => c.method).join(', ') || 'none';
    return `slack stand-in: no matching call within ${timeoutMs} ms (calls seen: ${seen})`;
  });
  const failures = new FailureQueue<SlackCall, SlackFailure>();
  let responseCounter = 0;
  let baseUrl = '';
  const webApi = createWebApi({ botUserId, botId, teamId, appId }, () => baseUrl);
  let holding = false;
  const held: Array<() => void> = [];
  const releaseHeld = () => {
    for (const release of held.splice(0)) release();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let method: string;
    if (path.startsWith('/api/')) method = decodeURIComponent(path.slice('/api/'.length));
    else if (path.startsWith('/response/')) method = 'response_url';
    else if (path.startsWith('/upload/')) method = 'file_upload';
    else {
      send(res, 404, { ok: false, error: 'unknown_path' });
      return;
    }
    const raw = await readBody(req);
    const body: Record<string, unknown> = {
      ...Object.fromEntries(url.searchParams),
      ...(method === 'file_upload'
        ? await uploadedFile(raw, String(req.headers['content-type'] ?? ''), path)
        : await parseBody(raw, req.headers)),
    };
    const call: SlackCall = { method, body, headers: { ...req.headers }, path };
    recorder.record(call);

    const failure = failures.take(call);
    if (failure) {
      send(
        res,
        failure.status ?? 200,
        failure.body ?? { ok: false, error: 'internal_error' },
        failure.headers,
      );
      return;
    }
    if (method === 'file_upload') {
      // Slack's upload host answers 200 with a plain body.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${raw.length}`);
      return;
    }
    const answer = method === 'response_url' ? { ok: true } : webApi.answer(method, body);
    if (holding && method === 'chat.postMessage') await new Promise<void>((resolve) => held.push(resolve));
    send(res, 200, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: String(err) });
      else res.end();
    });
  });
  const socketMode = attachSocketMode(server, appId);

  const port = await listen(server);
  baseUrl = `http://127.0.0.1:${port}`;

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
    calls: recorder.items,
    waitFor: (pred, timeoutMs = 2000) => recorder.waitFor(pred, timeoutMs),
    failNext(method, response, times = 1) {
      failures.add((c) => c.method === method, response, times);
    },
    setUserInfo: webApi.setUserInfo,
    socket: socketMode.socket,
    channelMessages: (channel) => webApi.history.list(channel),
    homeView: (userId) => webApi.homeViews.get(userId),
    get holdPosts() {
      return holding;
    },
    set holdPosts(value) {
      holding = value;
    },
    releaseHeld,
    async close() {
      holding = false;
      releaseHeld();
      await socketMode.closeClients();
      await closeServer(server, socketMode.wss);
    },
  };
}
