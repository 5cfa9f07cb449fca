/** What the peers index: Archivist's passages (same chunker output for every system). */
export interface BenchPassage {
  id: string;
  text: string;
}

/**
 * A search system under test: a question in, passage ids out, best first (at most `k`, default 10).
 * Async allowed: Archivist's answers may come from worker threads.
 */
export interface System {
  name: string;
  ask(question: string, k?: number): string[] | Promise<string[]>;
}

/**
 * A peer that can also save its index and start again from it (for "start from saved"). The saved form
 * is lines (no newline inside one): at 10× SOTU a peer's index as one JSON text would pass V8's longest
 * string (about 512 MB).
 */
export interface SavableSystem extends System {
  save(): string[];
}

/** How a peer is built from passages and restored from the lines `save` wrote. */
export interface PeerModule {
  build(passages: BenchPassage[]): SavableSystem;
  load(lines: string[]): SavableSystem;
}
