/**
 * The gateway side of the stand-in: HELLO on connect, heartbeat ACKs, IDENTIFY answered with READY and
 * GUILD_CREATE, RESUME, member requests, and dispatches to every identified connection.
 */
import type { WebSocket } from 'ws';
import { sessionId, shardOf } from './ids.js';
import { guildCreatePayload, memberPayload, userFor } from './payloads.js';
import type { DiscordState, Json } from './state.js';

const HEARTBEAT_INTERVAL = 41_250;

interface Session {
  id: string;
  seq: number;
  shard: [number, number];
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  ready: boolean;
  /** `[id, count]` from IDENTIFY. */
  shard: [number, number];
}

/** Whether a dispatch belongs on this connection: a guild's events on its shard, DMs on shard 0. */
function carries(conn: Connection, d: unknown): boolean {
  const [id, count] = conn.shard;
  const guildId = (d as { guild_id?: unknown } | null)?.guild_id;
  return typeof guildId === 'string' ? shardOf(guildId, count) === id : id === 0;
}

export interface Gateway {
  /** Takes over a new WebSocket connection and greets it with HELLO. */
  accept(socket: WebSocket): void;
  /** Sends a dispatch to every identified connection, or queues it until one is ready. */
  dispatch(t: string, d: unknown): void;
  /** Drops every connection at once (on close). */
  terminateAll(): void;
}

export function createGateway(state: DiscordState): Gateway {
  const connections = new Set<Connection>();
  const sessions = new Map<string, Session>();
  const pendingDispatches: Array<{ t: string; d: unknown }> = [];

  function send(conn: Connection, payload: Json): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(payload));
  }

  function sendDispatch(conn: Connection, t: string, d: unknown): void {
    if (!conn.session) return;
    conn.session.seq++;
    send(conn, { op: 0, t, s: conn.session.seq, d });
  }

  function dispatch(t: string, d: unknown): void {
    const ready = [...connections].filter((c) => c.ready && carries(c, d));
    if (ready.length === 0) {
      pendingDispatches.push({ t, d });
      return;
    }
    for (const conn of ready) sendDispatch(conn, t, d);
  }

  function markReady(conn: Connection): void {
    conn.ready = true;
    const mine = pendingDispatches.filter(({ d }) => carries(conn, d));
    for (const p of mine) pendingDispatches.splice(pendingDispatches.indexOf(p), 1);
    for (const { t, d } of mine) sendDispatch(conn, t, d);
  }

  // biome-ignore lint/suspicious/noExplicitAny: gateway payloads are untyped JSON.
  function onGatewayPayload(conn: Connection, payload: any): void {
    switch (payload?.op) {
      case 1: // heartbeat
        send(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2: {
        // identify
        state.identify = payload.d;
        const shard = Array.isArray(payload.d?.shard) ? payload.d.shard : [0, 1];
        conn.shard = [Number(shard[0]), Number(shard[1])];
        state.identifiedShards.push(conn.shard);
        const ownsGuild = shardOf(state.guildId, conn.shard[1]) === conn.shard[0];
        const session: Session = { id: sessionId(), seq: 0, shard: conn.shard };
        sessions.set(session.id, session);
        conn.session = session;
        sendDispatch(conn, 'READY', {
          v: 10,
          user: { ...state.botUser, verified: true, mfa_enabled: false },
          guilds: ownsGuild ? [{ id: state.guildId, unavailable: true }] : [],
          session_id: session.id,
          session_type: 'normal',
          resume_gateway_url: state.gatewayUrl,
          shard: conn.shard,
          application: { id: state.applicationId, flags: 0 },
          private_channels: [],
          _trace: ['["stand-in",{"micros":0}]'],
        });
        if (ownsGuild) sendDispatch(conn, 'GUILD_CREATE', guildCreatePayload(state));
        markReady(conn);
        break;
      }
      case 6: {
        // resume
        const session = sessions.get(payload.d?.session_id);
        if (!session) {
          send(conn, { op: 9, d: false, s: null, t: null });
          break;
        }
        conn.session = session;
        conn.shard = session.shard;
        sendDispatch(conn, 'RESUMED', null);
        markReady(conn);
        break;
      }
      case 8: {
        // request guild members
        const { memberIds } = state;
        const wanted: string[] | null = payload.d?.user_ids
          ? [].concat(payload.d.user_ids).map(String)
          : null;
        const query = String(payload.d?.query ?? '').toLowerCase();
        const members = [...memberIds]
          .map((id) => userFor(state, id))
          .filter((u) => (wanted ? wanted.includes(u.id) : u.username.toLowerCase().startsWith(query)))
          .map((u) => memberPayload(state, u));
        sendDispatch(conn, 'GUILD_MEMBERS_CHUNK', {
          guild_id: state.guildId,
          members,
          chunk_index: 0,
          chunk_count: 1,
          not_found: wanted ? wanted.filter((id) => !memberIds.has(id)) : [],
          ...(payload.d?.nonce ? { nonce: payload.d.nonce } : {}),
        });
        break;
      }
      default:
        // op 3 presence update, op 4 voice state: accepted silently.
        break;
    }
  }

  function accept(socket: WebSocket): void {
    const conn: Connection = { socket, session: null, ready: false, shard: [0, 1] };
    connections.add(conn);
    socket.on('message', (data) => {
      let payload: unknown;
      try {
        payload = JSON.parse(data.toString());
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      onGatewayPayload(conn, payload);
    });
    socket.on('close', () => connections.delete(conn));
    socket.on('error', () => connections.delete(conn));
    send(conn, {
      op: 10,
      d: { heartbeat_interval: HEARTBEAT_INTERVAL, _trace: ['["stand-in",{}]'] },
      s: null,
      t: null,
    });
  }

  function terminateAll(): void {
    for (const conn of connections) conn.socket.terminate();
    connections.clear();
  }

  return { accept, dispatch, terminateAll };
}
