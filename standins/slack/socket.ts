/**
 * Socket Mode: WebSocket upgrades on `/link/`, `hello` on connect, envelopes out and acks back,
 * and `disconnect` requests as Slack sends them when it recycles a connection.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SlackSocketAck, SlackSocketStandIn } from './types.js';

interface PendingAck {
  resolve: (ack: SlackSocketAck) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export interface SocketMode {
  socket: SlackSocketStandIn;
  /** The server upgraded connections go through, for shutting it down. */
  wss: WebSocketServer;
  /** Fails every unanswered envelope, then closes each client with a close handshake. */
  closeClients(): Promise<void>;
}

const isOpen = (ws: WebSocket | undefined): ws is WebSocket => ws !== undefined && ws.readyState === ws.OPEN;

/** Serves Socket Mode on `server`'s `/link/` upgrades, announcing itself as app `appId`. */
export function attachSocketMode(server: Server, appId: string): SocketMode {
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

  async function closeClients(): Promise<void> {
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
  }

  return { socket, wss, closeClients };
}
