import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { escapeHeadingMarks, oneLine } from './text.js';
import type { ReadItem } from './types.js';

// Minimal DOM shapes used here: linkedom's documents satisfy them, and src has no DOM lib types.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomDocument {
  querySelector(
    sel: string,
  ): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="dcterms.created"]',
];

function attr(doc: DomDocument, selectors: string[], name: string): string | undefined {
  for (const sel of selectors) {
    const v = doc.querySelector(sel)?.getAttribute(name)?.trim();
    if (v) return v;
  }
  return undefined;
}

const LEAF = new Set(['P', 'PRE', 'FIGCAPTION', 'DT', 'DD', 'TD', 'TH', 'CAPTION']);
const CONTAINER = new Set([
  'DIV',
  'ARTICLE',
  'SECTION',
  'MAIN',
  'BLOCKQUOTE',
  'BODY',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'FIGURE',
  'TABLE',
  'TBODY',
  'THEAD',
  'TR',
  'DL',
  'DETAILS',
]);

/** Readability's article HTML as Markdown paragraphs: headings as `##`, each list as one block of `- ` lines. */
function blocksOf(root: DomNode): string[] {
  const out: string[] = [];
  let inline = '';
  // Paragraph text is escaped where it starts with `#`: only the page's own headings become `##` lines.
  const flush = () => {
    const t = oneLine(inline);
    if (t) out.push(escapeHeadingMarks(t));
    inline = '';
  };
  const walk = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      const tag = child.nodeName.toUpperCase();
      if (child.nodeType === 3) inline += child.textContent ?? '';
      else if (child.nodeType !== 1) continue;
      else if (/^H[1-6]$/.test(tag)) {
        flush();
        const t = oneLine(child.textContent ?? '');
        if (t) out.push(`## ${t}`);
      } else if (tag === 'UL' || tag === 'OL') {
        flush();
        const items = Array.from(child.childNodes)
          .filter((li) => li.nodeName.toUpperCase() === 'LI')
          .map((li) => oneLine(li.textContent ?? ''))
          .filter(Boolean);
        if (items.length) out.push(items.map((t) => `- ${t}`).join('\n'));
      } else if (LEAF.has(tag)) {
        flush();
        const t = oneLine(child.textContent ?? '');
        if (t) out.push(escapeHeadingMarks(t));
      } else if (CONTAINER.has(tag)) {
        flush();
        walk(child);
        flush();
      } else if (tag === 'BR') inline += ' ';
      else inline += child.textContent ?? '';
    }
  };
  walk(root);
  flush();
  return out;
}

/**
 * An .html page: the main text found by Mozilla Readability (the engine of Firefox's reader view) on a
 * linkedom document; title, date, publisher, author and canonical URL from the page's meta tags when present.
 */
export function readHtml(file: string, html: string): ReadItem {
  const bytes = Buffer.byteLength(html);
  const { document } = parseHTML(html);
  const doc = document as unknown as DomDocument;
  // Read meta tags before Readability, which rewrites the document as it goes.
  const meta = {
    title: attr(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]'], 'content'),
    date: attr(doc, DATE_META, 'content'),
    source: attr(doc, ['meta[property="og:site_name"]', 'meta[name="application-name"]'], 'content'),
    url: attr(doc, ['link[rel="canonical"]'], 'href') ?? attr(doc, ['meta[property="og:url"]'], 'content'),
    author: attr(doc, ['meta[name="author"]', 'meta[property="article:author"]'], 'content'),
    pageTitle: oneLine(doc.querySelector('title')?.textContent ?? ''),
  };
  let article: ReturnType<Readability['parse']>;
  try {
    article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  } catch (err) {
    return { bytes, origin: file, reject: `could not read the page: ${(err as Error).message}` };
  }
  if (!article?.content) return { bytes, origin: file, reject: 'no main text found in the page' };
  const content = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document;
  const title = oneLine(article.title ?? '') || meta.title || meta.pageTitle;
  const blocks = blocksOf(content.body as unknown as DomNode);
  // Readability usually drops the page's own headline from the text; when it does not, do it here.
  if (blocks[0] && oneLine(blocks[0].replace(/^## /, '')) === title) blocks.shift();
  return {
    bytes,
    record: {
      origin: file,
      file,
      title,
      date: article.publishedTime ?? meta.date,
      source: article.siteName ?? meta.source,
      url: meta.url,
      author: article.byline ?? meta.author,
      body: blocks.join('\n\n'),
    },
  };
}
