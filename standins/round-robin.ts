import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in miniature: every request (not every connection) goes to the next upstream in
 * turn, as an L7 balancer spreads Slack's requests over the replicas. Used by the replica tests (test/slack/replicas.test.ts) and by
 * `npm run load -- --replicas N`.
 */
export interface RoundRobin {
  /** `http://127.0.0.1:PORT`; append the path (`/slack/events`). */
  url: string;
  /** Which upstream (index into `upstreams`) took each request, in arrival order. */
  routed: Array<{ path: string; upstream: number }>;
  /** Requests answered 502 because the replica could not be reached or dropped the connection. */
  failed: number;
  close(): Promise<void>;
}

/** `upstreams`: base URLs such as `http://127.0.0.1:3001`. */
export async function startRoundRobin(upstreams: string[]): Promise<RoundRobin> {
  if (upstreams.length === 0) throw new Error('round robin: no upstreams');
  const routed: RoundRobin['routed'] = [];
  let failed = 0;
  let next = 0;
  const server = createServer((req, res) => {
    const upstream = next;
    next = (next + 1) % upstreams.length;
    routed.push({ path: req.url ?? '/', upstream });
    const target = new URL(req.url ?? '/', upstreams[upstream]);
    const out = request(
      target,
      // A fresh connection per request: a reused idle one can be closed by the replica just as a
      // request is written on it (Node's 5 s keep-alive timeout), which would lose that request.
      {
        method: req.method,
        headers: { ...req.headers, host: target.host, connection: 'close' },
        agent: false,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    // A replica that is down answers 502, as a balancer would (Slack then retries).
    out.on('error', () => {
      failed++;
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    get failed() {
      return failed;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
