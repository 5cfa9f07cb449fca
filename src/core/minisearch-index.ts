import MiniSearch, { type Options } from 'minisearch';
import { processTerm, tokenize } from './analysis.js';
import { freezeField, type MiniSearchTermData } from './frozen-postings.js';
import { LeanIndex } from './lean-index.js';
import { SECTION_FIELDS } from './lean-index-saved.js';
import { slugOfPassage } from './passage-ids.js';
import type { PassageIndexBuilder, PassageIndexKind } from './passage-index.js';

/**
 * MiniSearch builds the index: one MiniSearch over the passages' own words (the `text` field only),
 * one small one over sections (a run of passages sharing an article and heading) holding titles and
 * headings once per section instead of once in every passage's postings. When the build is done their
 * postings are frozen into typed arrays (frozen-postings.ts) behind MiniSearch's radix tree of terms
 * (lean-index.ts): a read-only index needs neither MiniSearch's Map per term nor its JSON, which were
 * most of the memory and of the start-up time.
 */

type TextDoc = { id: string; text: string };
type SectionDoc = { id: number; heading: string; title: string };

function miniOptions<T>(fields: string[]): Options<T> {
  return {
    idField: 'id',
    fields,
    storeFields: [],
    tokenize,
    // MiniSearch accepts an array (several terms from one word) or null (drop the word).
    processTerm: (term) => processTerm(term) ?? null,
  };
}

/** The parts of MiniSearch 7.2 that freezing reads (private there; pinned by the dependency's version). */
interface Internals {
  _index: Iterable<[string, MiniSearchTermData]>;
  _fieldIds: Record<string, number>;
  _documentCount: number;
  _documentIds: Map<number, string | number>;
  _fieldLength: Map<number, number[]>;
}

function internals(mini: MiniSearch<TextDoc> | MiniSearch<SectionDoc>): Internals {
  return mini as unknown as Internals;
}

/** A field's lengths by short id (MiniSearch measures a field in unique tokens). */
function lengthsOf(mini: Internals, field: string): Uint32Array {
  const id = mini._fieldIds[field] as number;
  const out = new Uint32Array(mini._documentCount);
  for (const [doc, lengths] of mini._fieldLength) out[doc] = lengths[id] ?? 0;
  return out;
}

function freeze(text: MiniSearch<TextDoc>, sections: MiniSearch<SectionDoc>, sectionOf: number[]): LeanIndex {
  const t = internals(text);
  const s = internals(sections);
  const terms: string[] = [];
  const termNumber = new Map<string, number>();
  for (const index of [t._index, s._index]) {
    for (const [term] of index) {
      if (!termNumber.has(term)) {
        termNumber.set(term, terms.length);
        terms.push(term);
      }
    }
  }
  const ids: string[] = new Array(t._documentCount);
  for (const [doc, id] of t._documentIds) ids[doc] = String(id);
  const field = (m: Internals, name: string) =>
    freezeField(m._index, m._fieldIds[name] as number, termNumber, terms.length);
  return new LeanIndex({
    terms,
    ids,
    text: field(t, 'text'),
    heading: field(s, 'heading'),
    title: field(s, 'title'),
    textLength: lengthsOf(t, 'text'),
    sectionOf: Uint32Array.from(sectionOf),
    sectionLength: { heading: lengthsOf(s, 'heading'), title: lengthsOf(s, 'title') },
  });
}

function builder(): PassageIndexBuilder {
  const text = new MiniSearch<TextDoc>(miniOptions(['text']));
  const sections = new MiniSearch<SectionDoc>(miniOptions([...SECTION_FIELDS]));
  const sectionOf: number[] = [];
  let lastKey: string | undefined;
  return {
    add(doc) {
      const key = `${slugOfPassage(doc.id)}\u0000${doc.title}\u0000${doc.heading}`;
      if (key !== lastKey) {
        lastKey = key;
        sections.add({ id: sections.documentCount, heading: doc.heading, title: doc.title });
      }
      sectionOf.push(sections.documentCount - 1);
      text.add({ id: doc.id, text: doc.text });
    },
    finish: () => freeze(text, sections, sectionOf),
  };
}

/** MiniSearch 7 with BM25 over text, heading and title; saved frozen, as one line of JSON. */
export const miniSearchIndex: PassageIndexKind = {
  format: 'minisearch-7/frozen-1',
  builder,
  load: (saved) => LeanIndex.deserialize(saved),
};
