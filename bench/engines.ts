/** The systems `npm run bench` compares, and what a bench child process reports (bench/child.ts). */
import type { Quality } from './stats.js';

export const ENGINES = ['archivist', 'minisearch', 'flexsearch', 'lunr'] as const;
export type Engine = (typeof ENGINES)[number];
export type SystemName = `${Engine}-${'build' | 'load'}` | 'runtime';

export interface ChildResult {
  system: SystemName;
  passages: number;
  /** Building the index from passages already in memory. */
  indexMs?: number;
  /**
   * Archivist: openArchive (read the articles, then build, or load the saved index). Peers, `-load`
   * only: read the saved file and restore the index.
   */
  openMs?: number;
  source?: 'built' | 'cache';
  /**
   * Memory the index alone holds: V8 heap plus array buffers, after full GCs, with the index built from
   * passages already in memory minus before it (build children only).
   */
  indexBytes?: number;
  /** Size of the saved index on disk. */
  savedBytes?: number;
  rssBaseline: number;
  heapBaseline: number;
  rss: number;
  heapUsed: number;
  peakRss: number;
  latency?: { p50: number; p95: number; p99: number; samples: number };
  sotu?: Quality;
}
