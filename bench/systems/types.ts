/** What the two peers index: Archivist's passages (same chunker output for all three systems). */
export interface BenchPassage {
  id: string;
  text: string;
}

/** A search system under test: a question in, passage ids out, best first. */
export interface System {
  name: string;
  ask(question: string): string[];
}
