/** HTTP plumbing shared by the Discord and Slack stand-ins. */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocketServer } from 'ws';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a `multipart/form-data` body with the platform's own (undici) parser, as a real server would. */
export function readForm(raw: Buffer, contentType: string): Promise<FormData> {
  return new Response(raw, { headers: { 'content-type': contentType } }).formData();
}

/** Listens on 127.0.0.1 with a free port and resolves with that port. */
export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops the WebSocket server, then drops every HTTP connection (keep-alive ones too) and stops listening. */
export async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
