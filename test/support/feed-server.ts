import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A feed and page server on 127.0.0.1 for the feed tests: each path answers as its route says (a
 * body with validators, a status, a redirect, a response that never ends, a huge streamed page), and
 * every request is recorded with its headers and how many body bytes went out.
 */
export interface Route {
  status?: number;
  type?: string;
  body?: string;
  /** Sent as ETag; a request with a matching If-None-Match gets 304. */
  etag?: string;
  lastModified?: string;
  /** 301 to this location. */
  redirect?: string;
  /** Headers sent, then nothing more: the response never completes. */
  hang?: boolean;
  /** Streams this many bytes of HTML (without Content-Length) as fast as the client reads. */
  streamBytes?: number;
}

export interface Served {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
  /** Body bytes written before the response ended or the client went away. */
  bytes: number;
}

export interface FeedServer {
  origin: string;
  url(path: string): string;
  set(path: string, route: Route): void;
  requests: Served[];
  /** Requests for one path. */
  hits(path: string): Served[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: Served[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.get(path);
    const served: Served = { path, headers: req.headers, status: 0, bytes: 0 };
    requests.push(served);
    const send = (status: number, headers: Record<string, string>, body?: string) => {
      served.status = status;
      res.writeHead(status, headers);
      if (body !== undefined) served.bytes = Buffer.byteLength(body);
      res.end(body);
    };
    if (!route) return send(404, { 'content-type': 'text/plain' }, 'not found');
    if (route.redirect) return send(301, { location: route.redirect }, '');
    if (route.hang) {
      served.status = 200;
      open.add(res);
      res.writeHead(200, { 'content-type': route.type ?? 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      return;
    }
    if (route.streamBytes) {
      served.status = 200;
      open.add(res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = Buffer.from(`<p>${'lorem ipsum dolor sit amet '.repeat(2340)}</p>\n`);
      let left = route.streamBytes;
      const pump = () => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          served.bytes += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        left = 0;
        open.delete(res);
      });
      res.write('<!doctype html><html><body>');
      pump();
      return;
    }
    const headers: Record<string, string> = { 'content-type': route.type ?? 'application/rss+xml' };
    if (route.etag) headers.etag = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    const fresh =
      (route.etag && req.headers['if-none-match'] === route.etag) ||
      (!route.etag && route.lastModified && req.headers['if-modified-since'] === route.lastModified);
    if (fresh) return send(304, headers);
    send(route.status ?? 200, headers, route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    set: (path, route) => {
      routes.set(path, route);
    },
    requests,
    hits: (path) => requests.filter((r) => r.path === path),
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface TestItem {
  title: string;
  link: string;
  guid?: string;
  date: string;
  author?: string;
  /** The item's own text (RSS description / content:encoded, Atom content, JSON content_html). */
  content?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${esc(title)}</title><link>https://news.example/</link><description>Test feed</description>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${
        i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''
      }<pubDate>${new Date(i.date).toUTCString()}</pubDate>${i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ''}${
        i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''
      }</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(title: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>urn:test:feed</id><updated>2025-11-02T00:00:00Z</updated>
${items
  .map(
    (i) =>
      `<entry><title>${esc(i.title)}</title><link rel="self" href="https://elsewhere.example/self"/><link rel="alternate" href="${esc(i.link)}"/><id>${esc(i.guid ?? i.link)}</id><updated>${i.date}</updated>${
        i.author ? `<author><name>${esc(i.author)}</name></author>` : ''
      }${i.content ? `<content type="html">${esc(i.content)}</content>` : ''}</entry>`,
  )
  .join('\n')}
</feed>`;
}

export function jsonFeed(title: string, items: TestItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    items: items.map((i) => ({
      id: i.guid ?? i.link,
      url: i.link,
      title: i.title,
      date_published: i.date,
      ...(i.author ? { authors: [{ name: i.author }] } : {}),
      ...(i.content ? { content_html: i.content } : {}),
    })),
  });
}

/** A news page Readability can read: site chrome around one article. */
export function page(o: {
  title: string;
  paragraphs: string[];
  siteName?: string;
  canonical?: string;
}): string {
  return `<!doctype html><html><head><title>${esc(o.title)} | Site</title>${
    o.siteName ? `<meta property="og:site_name" content="${esc(o.siteName)}">` : ''
  }${o.canonical ? `<link rel="canonical" href="${esc(o.canonical)}">` : ''}</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${esc(o.title)}</h1>${o.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article>
<footer>© Site</footer></body></html>`;
}
