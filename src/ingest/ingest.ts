import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ArchivistError } from '../core/errors.js';
import { DEFAULT_MAX_ARTICLE_BYTES, readRegularFile, tooBigMessage } from '../core/read-file.js';
import { renderArticle, uniqueSlug } from './article-file.js';
import { toDraft } from './fields.js';
import { DEFAULT_MAX_JSON_IMPORT_BYTES, notText, readHead } from './guard.js';
import { collectInputs, type InputFile, scanExisting } from './inputs.js';
import { readHtml } from './read-html.js';
import { readJson, readJsonl } from './read-json.js';
import { readMd, readTxt } from './read-text.js';
import { contentHash } from './text.js';
import {
  DEFAULT_FIELDS,
  type FieldMap,
  type IngestOptions,
  type IngestResult,
  type ReadItem,
} from './types.js';

interface Limits {
  article: number;
  json: number;
}

/** A file's text, or why it is refused before any of it is parsed: binary, not UTF-8, over its limit. */
async function check(file: InputFile, limits: Limits): Promise<string | { content: string }> {
  if (file.ext === '.jsonl' || file.ext === '.ndjson') {
    const head = await readHead(file.path).catch((err: Error) => err);
    if (head instanceof Error) return `cannot be read: ${head.message}`;
    return notText(head, false) ?? { content: '' };
  }
  const [max, what] =
    file.ext === '.json'
      ? [limits.json, 'a .json file (MAX_JSON_IMPORT_BYTES); split it, or use .jsonl, read a line at a time']
      : [limits.article, 'one article (MAX_ARTICLE_BYTES)'];
  // Checked against the size found when listing, before reading; readRegularFile checks again.
  if (file.size > max) return tooBigMessage(file.size, max, what);
  const read = await readRegularFile(file.path, max);
  if ('tooBig' in read) return tooBigMessage(read.tooBig, max, what);
  if ('gone' in read) return 'cannot be read: it is gone';
  if ('problem' in read) return read.problem;
  return notText(read.bytes, true) ?? { content: read.bytes.toString('utf8') };
}

async function* readItems(file: InputFile, fields: FieldMap, limits: Limits): AsyncGenerator<ReadItem> {
  const checked = await check(file, limits);
  if (typeof checked === 'string') {
    yield { bytes: file.size, origin: file.path, reject: checked };
    return;
  }
  if (file.ext === '.jsonl' || file.ext === '.ndjson') {
    yield* readJsonl(file.path, fields, limits.json);
    return;
  }
  const { content } = checked;
  if (file.ext === '.json') yield* readJson(file.path, content, fields);
  else if (file.ext === '.html' || file.ext === '.htm') yield readHtml(file.path, content);
  else if (file.ext === '.txt') yield readTxt(file.path, content);
  else yield readMd(file.path, content, fields);
}

/**
 * Writes a file so that it is either absent or complete: the text goes to a temporary file in the same
 * folder (same filesystem), which is then renamed over the final name in one step.
 */
export async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content, { flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Imports articles from files and folders into `options.outDir`, one `<slug>.md` per record. Records whose
 * text is already in the folder (or earlier in this run) are skipped; records that cannot become an article
 * are listed with the reason. A write failure stops the run; files already written are complete.
 */
export async function ingest(paths: string[], options: IngestOptions): Promise<IngestResult> {
  const fields: FieldMap = { ...DEFAULT_FIELDS };
  for (const [k, v] of Object.entries(options.fields ?? {})) if (v?.length) fields[k as keyof FieldMap] = v;
  const limits: Limits = {
    article: options.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES,
    json: options.maxJsonImportBytes ?? DEFAULT_MAX_JSON_IMPORT_BYTES,
  };
  const { files, ignored, rejects } = await collectInputs(paths, options.outDir);
  const { slugs, hashes } = await scanExisting(options.outDir, limits.article);
  if (!options.dryRun) await mkdir(options.outDir, { recursive: true });

  const result: IngestResult = { written: [], duplicates: [], rejects, ignored };
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  let bytes = 0;
  const progress = () =>
    options.onProgress?.({
      bytes: Math.min(Math.round(bytes), totalBytes),
      totalBytes,
      written: result.written.length,
      duplicates: result.duplicates.length,
      rejected: result.rejects.length,
    });

  for (const file of files) {
    for await (const item of readItems(file, fields, limits)) {
      bytes += item.bytes;
      if ('reject' in item) {
        result.rejects.push({ origin: item.origin, reason: item.reject });
        progress();
        continue;
      }
      const draft = toDraft(item.record, options);
      if ('reject' in draft) {
        result.rejects.push({ origin: item.record.origin, reason: draft.reject });
        progress();
        continue;
      }
      const hash = contentHash(draft.body);
      const existing = hashes.get(hash);
      if (existing) {
        result.duplicates.push({ origin: item.record.origin, of: existing });
        progress();
        continue;
      }
      const text = renderArticle(draft);
      const size = Buffer.byteLength(text);
      // Never write an article the loader would then refuse.
      if (size > limits.article) {
        const reject = `the article ${tooBigMessage(size, limits.article, 'one article (MAX_ARTICLE_BYTES)')}`;
        result.rejects.push({ origin: item.record.origin, reason: reject });
        progress();
        continue;
      }
      const slug = uniqueSlug(draft, slugs);
      const out = path.join(options.outDir, `${slug}.md`);
      if (!options.dryRun) {
        try {
          await writeAtomic(out, text);
        } catch (cause) {
          throw Object.assign(
            new ArchivistError('WRITE_FAILED', `cannot write ${out}: ${(cause as Error).message}`, { cause }),
            { partial: result },
          );
        }
      }
      hashes.set(hash, out);
      result.written.push({ origin: item.record.origin, path: out, slug });
      progress();
    }
  }
  bytes = totalBytes;
  progress();
  return result;
}
