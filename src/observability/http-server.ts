import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.js';

/** What /healthz asks: each check names a part (index, discord, slack) and says whether it is up. */
export type HealthCheck = () => { name: string; ok: boolean };

export interface OpsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * The operations endpoint: `/healthz` (200 only when every check passes, 503 otherwise, with a JSON
 * body naming each part) and `/metrics` in Prometheus text format. Bound to `host` (default 127.0.0.1):
 * put it behind your own ingress rather than on the public internet.
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  metrics: Metrics;
  checks: () => HealthCheck[];
}): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      const parts = options.checks().map((check) => check());
      const ok = parts.every((p) => p.ok);
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok, parts: Object.fromEntries(parts.map((p) => [p.name, p.ok])) }));
      return;
    }
    if (url.pathname === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would otherwise hold close() open until it times out.
        server.closeAllConnections();
      }),
  };
}
