import { decodePostings, encodePostings, fromBase64, type Postings, toBase64 } from './frozen-postings.js';

/**
 * A lean index's parts (lean-index.ts) and their saved form: one line of JSON, the terms and ids as
 * text and the typed arrays as base64, so loading is a parse and a copy.
 */

export const SECTION_FIELDS = ['heading', 'title'] as const;
export type SectionField = (typeof SECTION_FIELDS)[number];

/**
 * What a lean index is made of. Passages are numbered in the order they were added (a passage's
 * article neighbours are its neighbours here); sections are runs of passages sharing an article and a
 * heading, holding the title and heading once instead of in every passage's postings.
 */
export interface LeanParts {
  /** Term number → term; MiniSearch's radix tree maps them back and finds prefixes and typos. */
  terms: string[];
  /** Passage number → passage id. */
  ids: string[];
  /** Postings over passages' own text, and over sections' headings and titles. */
  text: Postings;
  heading: Postings;
  title: Postings;
  /** Passage number → its words (unique tokens, as MiniSearch measures a field). */
  textLength: Uint32Array;
  /** Passage number → section number. */
  sectionOf: Uint32Array;
  /** Section number → words in its heading / title. */
  sectionLength: Record<SectionField, Uint32Array>;
}

/** The saved form (see {@link saveParts}). */
interface SavedIndex {
  terms: string[];
  ids: string[];
  text: string[];
  heading: string[];
  title: string[];
  textLength: string;
  sectionOf: string;
  headingLength: string;
  titleLength: string;
}

const SAVED_KEYS: ReadonlyArray<keyof SavedIndex> = [
  'terms',
  'ids',
  'text',
  'heading',
  'title',
  'textLength',
  'sectionOf',
  'headingLength',
  'titleLength',
];

/** The parts as one line of JSON. */
export function saveParts(p: LeanParts): string {
  const saved: SavedIndex = {
    terms: p.terms,
    ids: p.ids,
    text: encodePostings(p.text),
    heading: encodePostings(p.heading),
    title: encodePostings(p.title),
    textLength: toBase64(p.textLength),
    sectionOf: toBase64(p.sectionOf),
    headingLength: toBase64(p.sectionLength.heading),
    titleLength: toBase64(p.sectionLength.title),
  };
  return JSON.stringify(saved);
}

/** The parts {@link saveParts} saved; throws when anything is missing or does not fit together. */
export function loadParts(saved: string): LeanParts {
  const j = JSON.parse(saved) as SavedIndex;
  for (const key of SAVED_KEYS) if (!(key in j)) throw new Error(`saved index has no ${key}`);
  const parts: LeanParts = {
    terms: j.terms,
    ids: j.ids,
    text: decodePostings(j.text),
    heading: decodePostings(j.heading),
    title: decodePostings(j.title),
    textLength: new Uint32Array(fromBase64(j.textLength)),
    sectionOf: new Uint32Array(fromBase64(j.sectionOf)),
    sectionLength: {
      heading: new Uint32Array(fromBase64(j.headingLength)),
      title: new Uint32Array(fromBase64(j.titleLength)),
    },
  };
  checkParts(parts);
  return parts;
}

/**
 * Throws unless the parts fit together: a damaged saved index (valid JSON, arrays cut short) would
 * otherwise load and then read past its arrays while searching; thrown here, the cache is rebuilt.
 */
function checkParts(p: LeanParts): void {
  const passages = p.ids.length;
  const sections = p.sectionLength.title.length;
  const fail = (what: string) => {
    throw new Error(`saved index is damaged: ${what}`);
  };
  if (!Array.isArray(p.terms) || !Array.isArray(p.ids)) fail('terms or ids');
  if (p.textLength.length !== passages || p.sectionOf.length !== passages) fail('passage arrays');
  if (p.sectionLength.heading.length !== sections) fail('section arrays');
  for (const s of p.sectionOf) if (s >= sections) fail('section numbers');
  const fields: Array<[Postings, number]> = [
    [p.text, passages],
    [p.heading, sections],
    [p.title, sections],
  ];
  for (const [{ offsets, docs, freqs }, count] of fields) {
    if (offsets.length !== p.terms.length + 1 || offsets[0] !== 0) fail('postings offsets');
    for (let t = 0; t < p.terms.length; t++)
      if ((offsets[t + 1] as number) < (offsets[t] as number)) fail('postings offsets');
    if (docs.length !== offsets[p.terms.length] || freqs.length !== docs.length) fail('postings');
    for (const d of docs) if (d >= count) fail('postings documents');
  }
}
