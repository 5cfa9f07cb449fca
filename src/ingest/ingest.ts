import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ArchivistError } from '../core/errors.js';
import { renderArticle, uniqueSlug } from './article-file.js';
import { toDraft } from './fields.js';
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

async function* readItems(file: InputFile, fields: FieldMap): AsyncGenerator<ReadItem> {
  if (file.ext === '.jsonl' || file.ext === '.ndjson') {
    yield* readJsonl(file.path, fields);
    return;
  }
  let content: string;
  try {
    content = await readFile(file.path, 'utf8');
  } catch (err) {
    yield { bytes: file.size, origin: file.path, reject: `cannot read: ${(err as Error).message}` };
    return;
  }
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
  const { files, ignored, rejects } = await collectInputs(paths, options.outDir);
  const { slugs, hashes } = await scanExisting(options.outDir);
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
    for await (const item of readItems(file, fields)) {
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
      const slug = uniqueSlug(draft, slugs);
      const out = path.join(options.outDir, `${slug}.md`);
      if (!options.dryRun) {
        try {
          await writeAtomic(out, renderArticle(draft));
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
