import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PassageIndex, PassageIndexKind } from './passage-index.js';
import { type Article, type Passage, passage } from './types.js';

/** Bump when the layout below changes: an old cache is then rebuilt, never misread. */
export const CACHE_FORMAT = 5;

/** A passage as saved: its text is left out when it is a slice of the article body (`textStart`…`end`). */
type SavedPassage = Omit<Passage, 'text'> & { text?: string; textStart?: number };

/** What a cache must match to be used. */
interface CacheKey {
  fingerprint: string;
  kind: PassageIndexKind;
}

function savePassage(p: Passage, body: string): SavedPassage {
  const { text, ...rest } = p;
  const textStart = p.end - text.length;
  return body.slice(textStart, p.end) === text ? { ...rest, textStart } : p;
}

/**
 * A saved passage as the archive holds it. Built field by field, never by spreading the parsed object:
 * objects spread from JSON.parse's each got a hidden class of their own (13,319 for SOTU's 13,327
 * passages, ~260 bytes each), and the slug is the article's own string rather than a parsed copy.
 */
function restorePassage(p: SavedPassage, article: Article | undefined): Passage {
  const body = article?.body ?? '';
  const text = p.text ?? body.slice(p.textStart ?? p.start, p.end);
  return passage(p.id, article?.slug ?? p.slug, p.heading, text, p.index, p.count, p.start, p.end);
}

/** The temporary file a cache is written to before being renamed into place. */
export function cacheTempFile(file: string): string {
  return `${file}.${process.pid}.tmp`;
}

/** Why a saved index was not used: none yet, saved for other articles or versions, or unreadable. */
export type CacheMiss = 'missing' | 'stale' | 'damaged';

/**
 * The cache is three parts, one per line: a small header (format, index kind, fingerprint) read first so
 * a stale cache costs no parsing, the passages, and the index as its implementation serialized it.
 * Passage texts are restored as slices of the article bodies, so they cost no memory of their own.
 */
export async function readCache(
  file: string,
  key: CacheKey,
  articles: Map<string, Article>,
  onMiss: (why: CacheMiss) => void = () => {},
): Promise<{ passages: Passage[]; index: PassageIndex } | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    onMiss('missing');
    return undefined;
  }
  try {
    const end = content.indexOf('\n');
    const header = JSON.parse(content.slice(0, end)) as {
      format: number;
      index: string;
      fingerprint: string;
    };
    const fresh =
      header.format === CACHE_FORMAT &&
      header.index === key.kind.format &&
      header.fingerprint === key.fingerprint;
    if (!fresh) {
      onMiss('stale');
      return undefined;
    }
    const end2 = content.indexOf('\n', end + 1);
    const saved = JSON.parse(content.slice(end + 1, end2)) as SavedPassage[];
    const passages = saved.map((p) => restorePassage(p, articles.get(p.slug)));
    return { passages, index: key.kind.load(content.slice(end2 + 1)) };
  } catch {
    // A truncated or corrupt cache is not an error: the articles are the truth, rebuild from them.
    onMiss('damaged');
    return undefined;
  }
}

export async function writeCache(
  file: string,
  key: CacheKey,
  articles: Map<string, Article>,
  built: { passages: Passage[]; index: PassageIndex },
): Promise<void> {
  const header = { format: CACHE_FORMAT, index: key.kind.format, fingerprint: key.fingerprint };
  const saved = built.passages.map((p) => savePassage(p, articles.get(p.slug)?.body ?? ''));
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = cacheTempFile(file);
  try {
    await writeFile(tmp, `${JSON.stringify(header)}\n${JSON.stringify(saved)}\n${built.index.serialize()}`);
    await rename(tmp, file); // atomic on one filesystem: readers see the old cache or the new, never half
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
