import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';

/**
 * The only way feed code reaches the network: http(s) only, never the bot's own ops endpoint, one
 * deadline for the whole request (redirects and body included), and a byte cap enforced while the body
 * streams in, so a slow or endless response costs at most the timeout and `maxBytes` of memory.
 */

/** A request refused or abandoned; `reason` is the short text logged and shown in `/feeds list`. */
export class FetchRejected extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'FetchRejected';
  }
}

export interface FetchGuard {
  timeoutMs: number;
  maxBytes: number;
  /** The ops endpoint (/healthz, /metrics): no request may reach it. */
  ops?: { host: string; port: number };
  /** Redirects followed at most; each hop is checked like the first URL. */
  maxRedirects?: number;
}

export interface Fetched {
  status: number;
  /** The URL after redirects. */
  url: string;
  headers: Headers;
  /** Absent on 304. */
  body?: Buffer;
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'Archivist feed reader (+https://github.com/)';

/** Throws FetchRejected when `raw` is not a URL feeds may request. */
export async function checkUrl(raw: string, guard: Pick<FetchGuard, 'ops'>): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRejected(raw, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchRejected(
      raw,
      `only http and https URLs are fetched, not ${url.protocol.replace(':', '')}`,
    );
  }
  if (url.username || url.password)
    throw new FetchRejected(raw, 'URLs with a user name or password are refused');
  if (guard.ops && (await isOpsEndpoint(url, guard.ops))) {
    throw new FetchRejected(raw, "refused: that is the bot's own ops endpoint");
  }
  return url;
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Same port, and the host is this machine (loopback, any local interface, or the endpoint's host). */
async function isOpsEndpoint(url: URL, ops: { host: string; port: number }): Promise<boolean> {
  if (portOf(url) !== ops.port) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    // Unresolvable: the request itself will fail; nothing of ours can be reached through it.
    return false;
  }
  const local = new Set<string>([ops.host, '0.0.0.0', '::', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) local.add(a.address);
  return addresses.some((a) => local.has(a) || a.startsWith('127.') || a.startsWith('::ffff:127.'));
}

/**
 * GETs `raw` within the guard. Returns 200-range responses with their body and 304s without one; any
 * other status, a refused URL, the deadline or the byte cap throws FetchRejected.
 */
export async function guardedFetch(
  raw: string,
  guard: FetchGuard,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Fetched> {
  const deadline = AbortSignal.timeout(guard.timeoutMs);
  const abort = signal ? AbortSignal.any([deadline, signal]) : deadline;
  const max = guard.maxRedirects ?? MAX_REDIRECTS;
  let current = raw;
  try {
    for (let hop = 0; ; hop++) {
      const url = await checkUrl(current, guard);
      const res = await fetch(url, {
        redirect: 'manual',
        signal: abort,
        headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'gzip, deflate, br', ...headers },
      });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (!location) throw new FetchRejected(current, `HTTP ${res.status} without a Location`);
        if (hop >= max) throw new FetchRejected(raw, `more than ${max} redirects`);
        current = new URL(location, url).href;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { status: 304, url: current, headers: res.headers };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel().catch(() => undefined);
        throw new FetchRejected(current, `HTTP ${res.status}`);
      }
      const body = await readCapped(res, guard.maxBytes, current);
      return { status: res.status, url: current, headers: res.headers, body };
    }
  } catch (err) {
    if (err instanceof FetchRejected) throw err;
    if (deadline.aborted)
      throw new FetchRejected(current, `no complete response within ${guard.timeoutMs} ms`);
    if (signal?.aborted) throw new FetchRejected(current, 'stopped (the bot is shutting down)');
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchRejected(current, cause?.code ?? cause?.message ?? (err as Error).message);
  }
}

/** The body, read chunk by chunk and abandoned the moment it passes `maxBytes`. */
async function readCapped(res: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  // Only trustworthy when not compressed: fetch decodes, so the declared length is the wire size.
  if (!res.headers.get('content-encoding') && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchRejected(url, `larger than ${maxBytes} bytes (Content-Length ${declared})`);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchRejected(url, `larger than ${maxBytes} bytes (stopped reading there)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
