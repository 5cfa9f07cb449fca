import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { slugFromFile } from '../core/articles.js';
import { readRegularFile } from '../core/read-file.js';
import { bodyOfArticleFile, contentHash } from './text.js';
import type { Reject } from './types.js';

export const INPUT_TYPES = [
  '.txt',
  '.md',
  '.markdown',
  '.json',
  '.jsonl',
  '.ndjson',
  '.html',
  '.htm',
] as const;
const SUPPORTED = new Set<string>(INPUT_TYPES);

export interface InputFile {
  path: string;
  ext: string;
  size: number;
}

/**
 * The files to import from the paths given: folders are walked (hidden entries skipped), files of other
 * types under a folder are ignored, a missing path or a named file of another type is a reject.
 */
export async function collectInputs(
  paths: string[],
  outDir: string,
): Promise<{ files: InputFile[]; ignored: string[]; rejects: Reject[] }> {
  const files: InputFile[] = [];
  const ignored: string[] = [];
  const rejects: Reject[] = [];
  const out = path.resolve(outDir);
  for (const p of paths) {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch {
      rejects.push({ origin: p, reason: 'no such file or folder' });
      continue;
    }
    if (s.isFile()) {
      const ext = path.extname(p).toLowerCase();
      if (SUPPORTED.has(ext)) files.push({ path: p, ext, size: s.size });
      else rejects.push({ origin: p, reason: `unsupported file type (use ${INPUT_TYPES.join(' ')})` });
      continue;
    }
    const entries = (await readdir(p, { recursive: true, withFileTypes: true }))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const f of entries) {
      const rel = path.relative(p, f);
      // The output folder's own articles are the comparison set, not input.
      if (
        rel.split(path.sep).some((part) => part.startsWith('.')) ||
        path.resolve(f).startsWith(out + path.sep)
      ) {
        continue;
      }
      const fs = await stat(f);
      if (!fs.isFile()) continue;
      const ext = path.extname(f).toLowerCase();
      if (SUPPORTED.has(ext)) files.push({ path: f, ext, size: fs.size });
      else ignored.push(f);
    }
  }
  return { files, ignored, rejects };
}

/** Slugs and content hashes of the articles already in the output folder, for duplicates and unique names. */
export async function scanExisting(
  outDir: string,
  maxBytes: number,
): Promise<{ slugs: Set<string>; hashes: Map<string, string> }> {
  const slugs = new Set<string>();
  const hashes = new Map<string, string>();
  let names: string[];
  try {
    names = (await readdir(outDir, { recursive: true }))
      .filter((f) => f.toLowerCase().endsWith('.md'))
      .sort();
  } catch {
    return { slugs, hashes };
  }
  for (const name of names) {
    const file = path.join(outDir, name);
    slugs.add(slugFromFile(file));
    // Folders, FIFOs and oversized files named .md are no articles to compare with (nor to hang on).
    const read = await readRegularFile(file, maxBytes);
    if (!('bytes' in read)) continue;
    const hash = contentHash(bodyOfArticleFile(read.bytes.toString('utf8')));
    if (!hashes.has(hash)) hashes.set(hash, file);
  }
  return { slugs, hashes };
}
