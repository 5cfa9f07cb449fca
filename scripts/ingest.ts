import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { type Config, loadConfig } from '../src/config/index.js';
import { ArchivistError } from '../src/core/errors.js';
import { ingest } from '../src/ingest/ingest.js';
import type { FieldMap, IngestProgress, IngestResult } from '../src/ingest/types.js';

const USAGE = `Usage: npm run ingest -- [options] <files or folders>

Turns .txt, .md, .json/.jsonl records and .html pages into article files.
  --out DIR              where the articles go (default data/articles)
  --source NAME          publisher for records that name none (default "Unknown publisher")
  --date YYYY-MM-DD      date for records that carry none (default: such records are rejected)
  --partial-dates        accept a date that is only a year or a year and month (filed under its first day)
  --title-field F, --date-field F, --source-field F, --url-field F, --text-field F,
  --author-field F, --tags-field F
                         record keys to read (a.b reaches into objects); defaults cover common names
  --dry-run              report what would be written, write nothing
  --verbose              also list every file written and every duplicate skipped
Binary files (NUL bytes, not UTF-8, many control characters) are rejected, as are .txt/.md/.html files
and articles over MAX_ARTICLE_BYTES (default 5MB) and .json files or .jsonl lines over
MAX_JSON_IMPORT_BYTES (default 50MB); both are read from .env or the environment.
Exit status: 0 when every record was imported or skipped as a duplicate, 1 when some were rejected.`;

const FIELD_FLAGS = ['title', 'date', 'source', 'url', 'text', 'author', 'tags'] as const;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', default: 'data/articles' },
      source: { type: 'string' },
      date: { type: 'string' },
      'partial-dates': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      'title-field': { type: 'string' },
      'date-field': { type: 'string' },
      'source-field': { type: 'string' },
      'url-field': { type: 'string' },
      'text-field': { type: 'string' },
      'author-field': { type: 'string' },
      'tags-field': { type: 'string' },
    },
  });
}

function progressBar(): { update(p: IngestProgress): void; stop(): void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        'importing [{bar}] {percentage}% | {written} written, {duplicates} duplicates, {rejected} rejected',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      // A small import is over before a bar would help.
      if (p.totalBytes < 256 * 1024) return;
      if (!started) {
        bar.start(Math.max(1, p.totalBytes), 0, p);
        started = true;
      }
      bar.update(p.bytes, p);
    },
    stop: () => bar.stop(),
  };
}

function report(r: IngestResult, verbose: boolean, dryRun: boolean): string {
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') ? r : p;
  };
  const lines: string[] = [];
  if (verbose) {
    for (const w of r.written)
      lines.push(`${dryRun ? 'would write' : 'wrote'} ${rel(w.path)}  ← ${rel(w.origin)}`);
    for (const d of r.duplicates) lines.push(`duplicate ${rel(d.origin)}  (same text as ${rel(d.of)})`);
  }
  for (const x of r.rejects) lines.push(`rejected ${rel(x.origin)}: ${x.reason}`);
  const ignored = r.ignored.length ? `, ${r.ignored.length} other files ignored` : '';
  lines.push(
    `${r.written.length} ${dryRun ? 'would be written' : 'written'}, ${r.duplicates.length} duplicates skipped, ${r.rejects.length} rejected${ignored}`,
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`archivist: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const v = args.values;
  if (v.help || args.positionals.length === 0) {
    (v.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return v.help ? 0 : 2;
  }
  const fields: Partial<FieldMap> = {};
  for (const f of FIELD_FLAGS) {
    const key = v[`${f}-field` as const];
    if (typeof key === 'string' && key) fields[f] = [key];
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const bar = progressBar();
  try {
    const result = await ingest(args.positionals, {
      outDir: String(v.out),
      maxArticleBytes: config.maxArticleBytes,
      maxJsonImportBytes: config.maxJsonImportBytes,
      fields,
      ...(v.source ? { source: String(v.source) } : {}),
      ...(v.date ? { date: String(v.date) } : {}),
      partialDates: Boolean(v['partial-dates']),
      dryRun: Boolean(v['dry-run']),
      ...(bar ? { onProgress: (p: IngestProgress) => bar.update(p) } : {}),
    });
    bar?.stop();
    process.stdout.write(`${report(result, Boolean(v.verbose), Boolean(v['dry-run']))}\n`);
    return result.rejects.length ? 1 : 0;
  } catch (err) {
    bar?.stop();
    if (!(err instanceof ArchivistError)) throw err;
    const partial = (err as { partial?: IngestResult }).partial;
    process.stderr.write(`${err.message}\n`);
    if (partial)
      process.stderr.write(`stopped after ${partial.written.length} complete files; nothing half-written.\n`);
    return 1;
  }
}

process.exitCode = await main();
