import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderArticle, uniqueSlug } from '../ingest/article-file.js';
import type { ArticleDraft } from '../ingest/fields.js';

/** Where a feed article came from, kept in its front matter (the loader ignores keys it does not know). */
export interface Provenance {
  feed: string;
  /** `page`, or `feed item (why the page was not used)`. */
  text: string;
}

/**
 * Writes the article whole or not at all: a temporary file (not `.md`, so the live reindex ignores it)
 * is hard-linked to its final name, which fails rather than replaces when the name is taken (another
 * replica, an existing article), and then removed. Returns the slug.
 */
export async function writeArticle(dir: string, draft: ArticleDraft, from: Provenance): Promise<string> {
  await mkdir(dir, { recursive: true });
  const taken = new Set((await readdir(dir)).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)));
  // After the article's own fields, before the closing fence.
  const text = renderArticle(draft).replace(/\n---\n/, `\n${stringify(from, { lineWidth: 0 })}---\n`);
  const tmp = path.join(dir, `.feed-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const slug = uniqueSlug(draft, taken);
      try {
        await link(tmp, path.join(dir, `${slug}.md`));
        return slug;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error('no free file name for the article');
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
