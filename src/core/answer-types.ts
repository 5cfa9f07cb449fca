import { tokensWithOffsets } from './analysis.js';
import { wordClass } from './lexicon.js';
import type { Passage } from './types.js';

/** What kind of answer a question asks for. */
export type AnswerType = 'number' | 'person' | 'date' | 'place';

const QUESTION_TYPES: Array<[RegExp, AnswerType]> = [
  [
    /^\s*how\s+(?:many|much|long|far|old|large|big)\b|^\s*what\s+(?:percentage|proportion|share|number|amount|price|sum|fee|salary|age)\b/i,
    'number',
  ],
  [/^\s*(?:who|whom|whose)\b/i, 'person'],
  [/^\s*when\b|^\s*(?:what|which)\s+(?:year|date|day|month)\b|^\s*on\s+what\s+(?:date|day)\b/i, 'date'],
  [
    /^\s*where\b|^\s*(?:what|which|in\s+what|in\s+which)\s+(?:city|country|state|town|place|county|nation)\b/i,
    'place',
  ],
];

/** The answer type a question asks for, from its opening words; undefined when it does not say. */
export function questionType(question: string): AnswerType | undefined {
  return QUESTION_TYPES.find(([re]) => re.test(question))?.[1];
}

const BIT: Record<AnswerType, number> = { number: 1, person: 2, date: 4, place: 8 };
const YEAR = /^(?:1[6-9]|20)\d\d$/;
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'from', 'near', 'to']);

/**
 * Which answer types a passage's text offers, as bits: a number or amount (digits, number words,
 * units and currencies, "per cent"), a person (a first name or an honorific before a capitalised
 * word), a date (a capitalised month or weekday, a year), a place (a known place name, or a
 * capitalised word after "in", "at", "from"). Word classes come from compromise's lexicon; a word scan,
 * not a parse, so tagging stays cheap enough to do on the fly.
 */
export function answerTypesOf(text: string): number {
  const first = wordClass('firstName');
  const honorific = wordClass('honorific');
  const place = wordClass('place');
  const month = wordClass('month');
  const weekday = wordClass('weekday');
  const number = wordClass('number');
  const unit = wordClass('unit');
  let bits = /[$£€%]/.test(text) ? BIT.number : 0;
  const tokens = tokensWithOffsets(text);
  for (let i = 0; i < tokens.length; i++) {
    const word = (tokens[i] as { word: string }).word;
    const lower = word.toLowerCase();
    const capital = /^\p{Lu}/u.test(word);
    const nextCapital = /^\p{Lu}/u.test(tokens[i + 1]?.word ?? '');
    if (/\d/.test(word)) bits |= YEAR.test(word) ? BIT.number | BIT.date : BIT.number;
    else if (number.has(lower) || unit.has(lower) || lower === 'percent') bits |= BIT.number;
    if (capital) {
      if (month.has(lower.replace(/\.$/, '')) || weekday.has(lower)) bits |= BIT.date;
      if (place.has(lower)) bits |= BIT.place;
      if (nextCapital && (first.has(lower) || honorific.has(lower))) bits |= BIT.person;
      if (i > 0 && PLACE_PREPOSITIONS.has(tokens[i - 1]?.word ?? '') && !first.has(lower)) bits |= BIT.place;
    }
    if (bits === 15) break;
  }
  return bits;
}

/** Per archive (dropped with it on a swap): passage id → its answer-type bits, worked out once. */
const tagged = new WeakMap<ReadonlyMap<string, Passage>, Map<string, number>>();

/** Whether a passage offers an answer of `type` (cached per passage). */
export function passageOffers(passages: ReadonlyMap<string, Passage>, id: string, type: AnswerType): boolean {
  let cache = tagged.get(passages);
  if (!cache) {
    cache = new Map();
    tagged.set(passages, cache);
  }
  let bits = cache.get(id);
  if (bits === undefined) {
    bits = answerTypesOf(passages.get(id)?.text ?? '');
    cache.set(id, bits);
  }
  return (bits & BIT[type]) !== 0;
}
