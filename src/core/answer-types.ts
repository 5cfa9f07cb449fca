import { createRequire } from 'node:module';

/**
 * Answer-type cues: what kinds of fact a passage states (numbers, amounts, dates, people, places), found
 * once at build time with wink-nlp's English model and kept as a bitmask per passage; and what kind a
 * question asks for. A passage stating the kind asked for ranks a little higher.
 */
export const NUMBER = 1;
export const MONEY = 2;
export const PERCENT = 4;
export const DATE = 8;
export const PERSON = 16;
export const PLACE = 32;

interface WinkDoc {
  entities(): { out(f: unknown): Array<{ type: string }> };
  tokens(): { out(f: unknown): string[] };
}
interface Wink {
  readDoc(text: string): WinkDoc;
  its: { detail: unknown; pos: unknown; normal: unknown };
}

let nlp: Wink | undefined;
/** Loaded on first use: only building an index needs it, and the model costs start-up time. */
function wink(): Wink {
  if (!nlp) {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Wink;
    nlp = winkNLP(require('wink-eng-lite-web-model'), ['sbd', 'pos', 'ner']);
  }
  return nlp;
}

const ENTITY_BITS: Record<string, number> = {
  CARDINAL: NUMBER,
  MONEY: NUMBER | MONEY,
  PERCENT: NUMBER | PERCENT,
  DATE: DATE,
  TIME: DATE,
};
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'from', 'near', 'to', 'of']);

/** The kinds of fact `text` states, as a bitmask. */
export function passageTypes(text: string): number {
  const doc = wink().readDoc(text);
  const { its } = wink();
  let mask = 0;
  for (const e of doc.entities().out(its.detail)) mask |= ENTITY_BITS[e.type] ?? 0;
  const pos = doc.tokens().out(its.pos);
  const words = doc.tokens().out(its.normal);
  for (let i = 1; i < pos.length; i++) {
    // Two proper nouns in a row read as a name ("Buck Shaw"); one after "in", "at"… as a place.
    if (pos[i] === 'PROPN' && pos[i - 1] === 'PROPN') mask |= PERSON;
    if (pos[i] === 'PROPN' && pos[i - 1] === 'ADP' && PLACE_PREPOSITIONS.has(words[i - 1] ?? ''))
      mask |= PLACE;
  }
  return mask;
}

/** The kind of fact a question asks for (0: none in particular). Read from its opening words. */
export function questionType(question: string): number {
  const q = question.trim().toLowerCase();
  if (
    /^(how (many|much|old|far|long|big|fast|tall|large|often)|what (percentage|percent|share|fraction|number|amount|price|sum)|by (how much|what percentage))\b/.test(
      q,
    )
  ) {
    return /^(how much|what (price|amount|sum))/.test(q)
      ? NUMBER | MONEY
      : /percent|share|fraction/.test(q)
        ? NUMBER | PERCENT
        : NUMBER;
  }
  if (/^(when|what (year|date|day|month|time)|since when|on what (date|day))\b/.test(q)) return DATE;
  if (/^(who|whom|whose)\b/.test(q)) return PERSON;
  if (/^(where|which (city|country|state|town|place))\b/.test(q)) return PLACE;
  return 0;
}

/** Score factor for a passage of type `mask` answering a question that wants `wanted`. */
export function typeBoost(wanted: number, mask: number): number {
  if (!wanted) return 1;
  if ((mask & wanted) === wanted) return 1.6;
  return mask & wanted ? 1.3 : 1;
}
