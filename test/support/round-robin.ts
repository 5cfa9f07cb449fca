import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in miniature: every request (not every connection) goes to the next upstream in
 * turn, as an L7 balancer spreads Slack's requests over the replicas. Used by the replica tests and by
 * `npm run load -- --replicas N`.
 */
export interface RoundRobin {
  /** `http://127.0.0.1:PORT`; append the path (`/slack/events`). */
  url: string;
  /** Which upstream (index into `upstreams`) took each request, in arrival order. */
  routed: Array<{ path: string; upstream: number }>;
  close(): Promise<void>;
}

/** `upstreams`: base URLs such as `http://127.0.0.1:3001`. */
export async function startRoundRobin(upstreams: string[]): Promise<RoundRobin> {
  if (upstreams.length === 0) throw new Error('round robin: no upstreams');
  const agent = new Agent({ keepAlive: true });
  const routed: RoundRobin['routed'] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const upstream = next;
    next = (next + 1) % upstreams.length;
    routed.push({ path: req.url ?? '/', upstream });
    const target = new URL(req.url ?? '/', upstreams[upstream]);
    const out = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host }, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    // A replica that is down answers 502, as a balancer would (Slack then retries).
    out.on('error', () => {
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
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
