import type { LoadProblem } from '../core/articles.js';
import type { ChunkOptions } from '../core/chunker.js';
import type { IndexStats } from '../core/passage-index.js';

/** What a shard worker starts with. */
export interface ShardSetup {
  dataDir: string;
  shard: { index: number; count: number };
  /** This shard's saved index file, or false. */
  cacheFile: string | false;
  chunk?: ChunkOptions;
  maxArticleBytes?: number;
  maxQuestionChars?: number;
  defaultLimit?: number;
}

/** A shard's archive as the pool tracks it: enough to sum statistics and answer /about without asking. */
export interface ShardSummary {
  stats: IndexStats;
  problems: LoadProblem[];
  fingerprint: string;
  slugs: string[];
  articles: number;
  passages: number;
  build: { source: 'built' | 'cache'; ms: number };
  oldest?: string;
  newest?: string;
}

/** Pool → worker. `global` sets the archive-wide statistics (and swaps in a pending rebuild). */
export type ToShard =
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'global'; id: number; stats: IndexStats; commit: boolean };

/** Worker → pool. */
export type FromShard =
  | { type: 'loaded'; summary: ShardSummary }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string; code?: string };
