import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';

/** One feed entry, as the feed states it: nothing filled in. */
export interface FeedItem {
  /** The entry's own id (RSS guid, Atom id, JSON Feed id), when it has one. */
  guid?: string;
  /** The entry's page, absolute, tracking parameters removed. */
  link?: string;
  title?: string;
  /** The date as written (`Sat, 01 Nov 2025 09:00:00 +0900`, `2025-11-01T09:00:00+09:00`). */
  published?: string;
  author?: string;
  /** The entry's own text or HTML (content:encoded, Atom content, content_html…), the fallback body. */
  content?: string;
}

export interface ParsedFeed {
  title?: string;
  items: FeedItem[];
}

/** Feed text that is not one of the three formats, or not well formed. */
export class FeedParseError extends Error {}

/** A string out of what fast-xml-parser yields: text, `{ '#text' }`, a number, or a list (first). */
function text(v: unknown): string | undefined {
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return text(o['#text'] ?? o.name ?? o._text ?? o._cdata);
  }
  return undefined;
}

/** Atom's `<link rel="alternate" href>` (or the first without rel), which the library may pass over. */
function atomLink(v: unknown): string | undefined {
  const links = (Array.isArray(v) ? v : [v]).filter((l): l is Record<string, unknown> =>
    Boolean(l && typeof l === 'object'),
  );
  const alt = links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate');
  return typeof alt?.['@_href'] === 'string' ? alt['@_href'] : undefined;
}

/** The raw fields the normalised entry leaves out, for any of RSS, Atom and JSON Feed. */
function extraEntryFields(raw: Record<string, unknown>): Record<string, unknown> {
  const authors = raw.authors as Array<{ name?: unknown }> | undefined;
  return {
    rawGuid: text(raw.guid) ?? text(raw.id),
    rawDate:
      text(raw.pubDate) ??
      text(raw.published) ??
      text(raw.updated) ??
      text(raw.date_published) ??
      text(raw['dc:date']),
    rawAuthor: text(raw.author) ?? text(raw['dc:creator']) ?? text(authors?.[0]?.name),
    rawContent:
      text(raw['content:encoded']) ??
      text(raw.content_html) ??
      text(raw.content_text) ??
      text(raw.content) ??
      text(raw.description) ??
      text(raw.summary),
    atomLink: atomLink(raw.link),
  };
}

/**
 * Parses RSS 2.0, Atom, RDF or JSON Feed with @extractus/feed-extractor (fast-xml-parser underneath).
 * The caller has already bounded the bytes; `baseUrl` makes relative entry links absolute.
 */
export function parseFeed(body: Buffer, contentType: string, baseUrl: string): ParsedFeed {
  const source = new TextDecoder('utf-8').decode(body).replace(/^\uFEFF/, '');
  const json = /json/i.test(contentType) || /^\s*\{/.test(source);
  const options = { descriptionMaxLen: 0, baseUrl, getExtraEntryFields: extraEntryFields };
  let data: ReturnType<typeof extractFromXml>;
  try {
    data = json ? extractFromJson(source, options) : extractFromXml(source, options);
  } catch (err) {
    throw new FeedParseError(
      `not a readable ${json ? 'JSON Feed' : 'RSS or Atom feed'}: ${(err as Error).message}`,
    );
  }
  const items = (data.entries ?? []).map((e): FeedItem => {
    // Atom: the alternate link; the library may take the first (rel="self", an enclosure…).
    const link = absolute((e.atomLink as string | undefined) || e.link, baseUrl);
    const item: FeedItem = {};
    const set = <K extends keyof FeedItem>(k: K, v: unknown) => {
      if (typeof v === 'string' && v.trim()) item[k] = v.trim();
    };
    set('guid', e.rawGuid);
    set('link', link);
    set('title', e.title);
    set('published', e.rawDate ?? e.published);
    set('author', e.rawAuthor);
    set('content', e.rawContent);
    return item;
  });
  return {
    ...(typeof data.title === 'string' && data.title.trim() ? { title: data.title.trim() } : {}),
    items,
  };
}

function absolute(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const u = new URL(link, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
