import { parseHTML } from 'linkedom';
import { normalizeDate } from '../ingest/dates.js';
import { type ArticleDraft, UNKNOWN_PUBLISHER } from '../ingest/fields.js';
import { readHtml } from '../ingest/read-html.js';
import { escapeHeadingMarks, oneLine, plainToBody } from '../ingest/text.js';
import type { FeedItem } from './parse-feed.js';

/** The page an item links to, as fetched (or why it could not be). */
export type PageOutcome = { body: Uint8Array; contentType: string; url: string } | { failed: string };

/** The page's text in its declared charset (UTF-8 when none or unknown). */
export function decodePage(body: Uint8Array, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** The article an item becomes, or why it cannot become one; `textFrom` says where the body came from. */
export type ItemArticle =
  | { draft: ArticleDraft; textFrom: 'page' | 'feed item'; note?: string; pageCanonical?: string }
  | { reject: string };

/** An entry's own HTML or text as paragraphs. */
export function itemText(content: string | undefined): string {
  if (!content) return '';
  if (!/<[a-z][\s\S]*>/i.test(content)) return plainToBody(content);
  const { document } = parseHTML(`<!doctype html><html><body>${content}</body></html>`);
  const blocks = [...document.querySelectorAll('p, li, h1, h2, h3, h4, blockquote, pre')]
    .filter((el) => !el.querySelector('p, li, blockquote'))
    .map((el) => oneLine(el.textContent ?? ''))
    .filter(Boolean)
    .map(escapeHeadingMarks);
  return blocks.length ? blocks.join('\n\n') : plainToBody(document.body?.textContent ?? '');
}

/**
 * Title, date (the item's), publisher (the feed's title, else the page's site name), author and URL as
 * the item and its page state them: nothing invented. The body is the page's main text (Readability),
 * or the item's own content when the page could not be fetched or read, and the reason is kept.
 */
export function itemArticle(item: FeedItem, feedTitle: string | undefined, page: PageOutcome): ItemArticle {
  let fromPage: ReturnType<typeof readHtml> | undefined;
  let note: string | undefined;
  if ('body' in page) {
    fromPage = readHtml(page.url, decodePage(page.body, page.contentType));
    if ('reject' in fromPage) note = fromPage.reject;
  } else note = page.failed;
  const record = fromPage && 'record' in fromPage ? fromPage.record : undefined;

  const pageBody = record?.body.trim() ?? '';
  const body = pageBody || itemText(item.content);
  if (!body) return { reject: `no text: ${note ?? 'the page has no main text'} and the item carries none` };
  const textFrom = pageBody ? 'page' : 'feed item';

  const title = oneLine(item.title ?? '') || oneLine(String(record?.title ?? ''));
  if (!title) return { reject: 'no title in the item or its page' };

  const rawDate = item.published ?? (record?.date as string | undefined);
  if (!rawDate) return { reject: 'no date in the item or its page' };
  const date = normalizeDate(rawDate);
  if ('error' in date) return { reject: `date: ${date.error}` };

  const source = oneLine(feedTitle ?? '') || oneLine(String(record?.source ?? '')) || UNKNOWN_PUBLISHER;
  const author = oneLine(item.author ?? '') || oneLine(String(record?.author ?? ''));
  return {
    draft: {
      title,
      date: date.date,
      source,
      ...(item.link ? { url: item.link } : {}),
      ...(author ? { author } : {}),
      tags: [],
      body,
    },
    textFrom,
    ...(textFrom === 'feed item' && note ? { note } : {}),
    // The page's own <link rel="canonical">: the same story may be linked under several URLs.
    ...(typeof record?.url === 'string' && 'url' in page && URL.canParse(record.url, page.url)
      ? { pageCanonical: new URL(record.url, page.url).href }
      : {}),
  };
}
