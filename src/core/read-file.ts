import { constants } from 'node:fs';
import { type FileHandle, lstat, open, stat } from 'node:fs/promises';

/** Default largest article file: long features are ~100 KB; far beyond that is a mistake, and slow to index. */
export const DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** What reading one file gave: its bytes, a reason it was not read, or nothing (deleted meanwhile). */
export type FileRead = { bytes: Buffer } | { problem: string } | { tooBig: number } | { gone: true };

/** `5 MB`, `512 KB`, `100 bytes`, for messages about size limits. */
export function formatBytes(n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

/** `is 200 MB, over the 5 MB limit for …`, in bytes where rounding would make the two look equal. */
export function tooBigMessage(size: number, max: number, what: string): string {
  const [a, b] = [formatBytes(size), formatBytes(max)];
  if (a !== b) return `is ${a}, over the ${b} limit for ${what}`;
  return `is ${size.toLocaleString('en')} bytes, over the ${b} (${max.toLocaleString('en')} bytes) limit for ${what}`;
}

function notRegular(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'is a folder, not a file';
  if (s.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (s.isSocket()) return 'is a socket, not a regular file';
  return 'is a device, not a regular file';
}

async function explain(file: string, err: unknown): Promise<FileRead> {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    // A dangling link is a mistake to report; a plain file that vanished was deleted during a reindex.
    const link = await lstat(file).catch(() => undefined);
    return link?.isSymbolicLink() ? { problem: 'is a symbolic link to a missing file' } : { gone: true };
  }
  if (code === 'ELOOP') return { problem: 'is a symbolic link that loops' };
  if (code === 'EISDIR') return { problem: 'is a folder, not a file' };
  if (code === 'EACCES' || code === 'EPERM') return { problem: 'cannot be read: permission denied' };
  return { problem: `cannot be read (${code ?? (err as Error).message})` };
}

/**
 * Reads a regular file (or a symbolic link to one) of at most `maxBytes`. Anything else is a problem, not
 * an exception: folders, FIFOs (which would block forever), devices, dangling links, oversized files.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<FileRead> {
  let handle: FileHandle | undefined;
  try {
    const before = await stat(file);
    if (!before.isFile()) return { problem: notRegular(before) };
    if (before.size > maxBytes) return { tooBig: before.size };
    // Non-blocking, so a path swapped for a FIFO since the stat cannot wait for a writer.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const s = await handle.stat();
    if (!s.isFile()) return { problem: notRegular(s) };
    if (s.size > maxBytes) return { tooBig: s.size };
    // Never more than one byte past the limit, even if the file grows while being read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (let want = s.size + 1; total <= maxBytes; want = 64 * 1024) {
      const buf = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    return total > maxBytes ? { tooBig: total } : { bytes: Buffer.concat(chunks, total) };
  } catch (err) {
    return explain(file, err);
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Reads the files `limit` at a time (not all at once: thousands of open files run out of descriptors). */
export async function readRegularFiles(files: string[], maxBytes: number, limit = 8): Promise<FileRead[]> {
  const out = new Array<FileRead>(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++)
      out[i] = await readRegularFile(files[i] ?? '', maxBytes);
  };
  await Promise.all(Array.from({ length: Math.min(limit, files.length) }, worker));
  return out;
}
