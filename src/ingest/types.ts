/** Which record keys hold each article field. Each entry lists candidate keys, first present wins; `a.b` reaches into objects. */
export interface FieldMap {
  title: string[];
  date: string[];
  source: string[];
  url: string[];
  text: string[];
  author: string[];
  tags: string[];
}

/** Common names for each field in news exports and feeds; a `--<field>-field` flag replaces the list. */
export const DEFAULT_FIELDS: FieldMap = {
  title: ['title', 'headline'],
  date: ['date', 'published', 'publishedAt', 'published_at', 'pubDate', 'datePublished'],
  source: ['source', 'publisher', 'siteName', 'site_name'],
  url: ['url', 'link', 'canonical_url'],
  text: ['text', 'body', 'content', 'article'],
  author: ['author', 'byline', 'authors'],
  tags: ['tags', 'keywords', 'categories'],
};

export interface IngestOptions {
  /** Folder the article files are written to (created if missing). */
  outDir: string;
  fields?: Partial<FieldMap>;
  /** Publisher for records that name none (else "Unknown publisher"). */
  source?: string;
  /** Date (YYYY-MM-DD) for records that carry none (else they are rejected). */
  date?: string;
  /** Accept a date given only as a year or a year and month, filed under its first day. */
  partialDates?: boolean;
  /** Larger .txt/.md/.html inputs and articles are refused. Default 5 MB (DEFAULT_MAX_ARTICLE_BYTES). */
  maxArticleBytes?: number;
  /** Largest JSON text parsed at once (a .json file, one .jsonl line). Default 50 MB. */
  maxJsonImportBytes?: number;
  /** Report what would happen without writing anything. */
  dryRun?: boolean;
  /** Called as input is consumed, for a progress bar. */
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  /** Input bytes consumed so far, of `totalBytes`. */
  bytes: number;
  totalBytes: number;
  written: number;
  duplicates: number;
  rejected: number;
}

/** One record as a reader found it, before validation: metadata values are still raw. */
export interface SourceRecord {
  /** Where it came from, for messages: `file`, `file:line` (JSONL) or `file#n` (n-th record of a JSON file). */
  origin: string;
  /** The input file, for title and date taken from its name. */
  file: string;
  title?: unknown;
  date?: unknown;
  source?: unknown;
  url?: unknown;
  author?: unknown;
  tags?: unknown;
  /** Body in the project format: Markdown paragraphs separated by blank lines. */
  body: string;
}

/** What a reader yields: a record, or the reason a record (or the whole file) cannot be read. */
export type ReadItem = { bytes: number } & ({ record: SourceRecord } | { origin: string; reject: string });

export interface Reject {
  origin: string;
  reason: string;
}

export interface Written {
  origin: string;
  /** Path of the article file written (or that would be, in a dry run). */
  path: string;
  slug: string;
}

export interface Duplicate {
  origin: string;
  /** The file (existing, or written earlier in this run) holding the same text. */
  of: string;
}

export interface IngestResult {
  written: Written[];
  duplicates: Duplicate[];
  rejects: Reject[];
  /** Files under the given folders that are not articles (wrong extension), left alone. */
  ignored: string[];
}
