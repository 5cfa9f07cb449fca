import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** Default largest JSON text parsed at once: JSON.parse needs several times the file's size in memory. */
export const DEFAULT_MAX_JSON_IMPORT_BYTES = 50 * 1024 * 1024;

/** How much of a file is sniffed for binary content. */
const SNIFF_BYTES = 8192;

// Tab, line feed, form feed and carriage return are the control characters text may hold.
const TEXT_CONTROLS = new Set(['\t', '\n', '\f', '\r']);

/** A cut at SNIFF_BYTES may split a character: valid if some cut within the last 3 bytes is. */
function utf8Prefix(head: Buffer): boolean {
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    if (isUtf8(head.subarray(0, head.length - cut))) return true;
  }
  return head.length === 0;
}

/**
 * Why `bytes` are not text, or undefined when they are. `complete`: the whole file, so all of it must be
 * UTF-8; otherwise only its start is judged.
 */
export function notText(bytes: Buffer, complete: boolean): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return 'is binary, not text (it holds NUL bytes; UTF-16 text must be saved as UTF-8)';
  if (complete ? !isUtf8(bytes) : !utf8Prefix(head)) {
    return 'is not UTF-8 text (binary, or another encoding: convert it to UTF-8)';
  }
  const text = head.toString('utf8');
  const controls = (text.match(/\p{Cc}/gu) ?? []).filter((c) => !TEXT_CONTROLS.has(c)).length;
  if (controls >= 4 && controls * 50 > text.length) {
    return `is binary, not text (${controls} control characters in its first ${text.length} characters)`;
  }
  return undefined;
}

/** The first bytes of a file, for {@link notText} on a file too large to read whole. */
export async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** One line of a file: its bytes (without the line break), or `tooLong` when over the limit. */
export type Line = { n: number; size: number } & ({ bytes: Buffer } | { tooLong: true });

/**
 * The lines of a file, streamed. A line longer than `maxBytes` is dropped as it streams (never held whole),
 * so one huge line cannot exhaust memory.
 */
export async function* boundedLines(file: string, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 0;
  const finish = (): Line => {
    const line: Line =
      size > maxBytes ? { n: ++n, size, tooLong: true } : { n: ++n, size, bytes: Buffer.concat(parts, size) };
    parts = [];
    size = 0;
    return line;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      size += piece.length;
      if (size <= maxBytes) parts.push(piece);
      else parts = [];
      if (nl < 0) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0) yield finish();
}
