import { analyseQuestion, processTerm, tokenize } from './analysis.js';
import type { Archive } from './archive.js';

/**
 * "Did you mean" questions: each word with no exact match in the index is replaced by the closest
 * indexed word (typo-tolerant), written as it appears in the articles. Empty when no word is close.
 */
export function suggestQuestions(archive: Pick<Archive, 'index' | 'passages'>, question: string): string[] {
  const { index } = archive;
  let changed = false;
  const words = analyseQuestion(question).map(({ word, terms }) => {
    const stem = terms[0] ?? '';
    // One hit is enough to know the word is found: a limit keeps a common word from building thousands.
    if (stem.length < 5 || index.search([stem], { fuzzy: false, prefix: false, limit: 1 }).length > 0) {
      return word;
    }
    const near = index.suggest(stem, { fuzzy: 0.2 })[0]?.terms[0];
    const surface = near ? surfaceWord(archive, near) : undefined;
    if (!surface) return word;
    changed = true;
    return surface;
  });
  return changed ? [words.join(' ')] : [];
}

/** A word as the articles write it for an index term (terms are stems: "phone" ← "phones"). */
function surfaceWord(archive: Pick<Archive, 'index' | 'passages'>, term: string): string | undefined {
  const hit = archive.index.search([term], { fuzzy: false, prefix: false, limit: 1 })[0];
  const text = hit ? archive.passages.get(hit.id)?.text : undefined;
  if (!text) return undefined;
  return tokenize(text)
    .find((w) => processTerm(w)?.includes(term))
    ?.toLowerCase();
}
