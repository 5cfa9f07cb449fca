/** What the two peers index: Archivist's passages (same chunker output for all three systems). */
export interface BenchPassage {
  id: string;
  text: string;
}

/** A search system under test: a question in, passage ids out, best first (at most `k`, default 10). */
export interface System {
  name: string;
  ask(question: string, k?: number): string[];
}
