/**
 * Unicode sentence breaks (UAX #29, as Intl.Segmenter finds them) for text in the Latin-1 range plus
 * common typographic punctuation, written out because Intl.Segmenter's segment objects cost more than
 * the rest of a passage's analysis. Text holding any other character goes to Intl.Segmenter itself, so
 * the breaks are always the same as Intl.Segmenter's (test/core/sentence-breaks.test.ts compares them).
 */

// Sentence_Break property values of the characters handled here.
const OTHER = 1;
const CR = 2;
const LF = 3;
const SEP = 4;
const SP = 5;
const LOWER = 6;
const UPPER = 7;
const NUMERIC = 8;
const ATERM = 9;
const STERM = 10;
const CLOSE = 11;
const SCONTINUE = 12;
/** Not handled here (format and combining characters, other scripts…): the text goes to Intl.Segmenter. */
const UNKNOWN = 0;

const LATIN1 = new Uint8Array(256);
{
  const set = (cls: number, ...codes: number[]) => {
    for (const c of codes) LATIN1[c] = cls;
  };
  const range = (cls: number, from: number, to: number) => {
    for (let c = from; c <= to; c++) LATIN1[c] = cls;
  };
  range(OTHER, 0x20, 0x7e);
  range(OTHER, 0xa1, 0xff);
  range(UPPER, 0x41, 0x5a);
  range(LOWER, 0x61, 0x7a);
  range(NUMERIC, 0x30, 0x39);
  range(UPPER, 0xc0, 0xd6);
  range(UPPER, 0xd8, 0xde);
  range(LOWER, 0xdf, 0xf6);
  range(LOWER, 0xf8, 0xff);
  set(LOWER, 0xaa, 0xb5, 0xba);
  set(SP, 0x09, 0x0b, 0x0c, 0x20, 0xa0);
  set(CR, 0x0d);
  set(LF, 0x0a);
  set(ATERM, 0x2e);
  set(STERM, 0x21, 0x3f);
  set(CLOSE, 0x22, 0x27, 0x28, 0x29, 0x5b, 0x5d, 0x7b, 0x7d, 0xab, 0xbb);
  set(SCONTINUE, 0x2c, 0x2d, 0x3a, 0x3b);
  // Soft hyphen is a format character (ignored by the rules): left to Intl.Segmenter.
  set(UNKNOWN, 0xad);
}

/** Class of a character past Latin-1. */
function wideClassOf(code: number): number {
  switch (code) {
    case 0x2013: // en dash
    case 0x2014: // em dash
      return SCONTINUE;
    case 0x2018:
    case 0x2019:
    case 0x201c:
    case 0x201d:
      return CLOSE;
    case 0x2010: // hyphen
    case 0x2011: // non-breaking hyphen
    case 0x2022: // bullet
    case 0x2026: // ellipsis
      return OTHER;
    case 0x2028:
    case 0x2029:
      return SEP;
    default:
      return UNKNOWN;
  }
}

/** Reused between calls (only the text's length of it is read): no allocation per text. */
let buffer = new Uint8Array(4096);
const SHARED_MAX = 65_536;

function grow(n: number): Uint8Array {
  buffer = new Uint8Array(Math.min(SHARED_MAX, Math.max(n, buffer.length * 2)));
  return buffer;
}

/** Classes of the text's characters, or undefined when it holds one not handled here. */
function classesOf(text: string): Uint8Array | undefined {
  const n = text.length;
  // A text far beyond a passage gets its own array rather than growing the shared one for good.
  const out = n <= buffer.length ? buffer : n <= SHARED_MAX ? grow(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const c = code < 0x100 ? (LATIN1[code] as number) : wideClassOf(code);
    if (c === UNKNOWN) return undefined;
    out[i] = c;
  }
  return out.subarray(0, n);
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** End offset of each sentence segment of `text`, ascending; the last is text.length (none for ""). */
export function sentenceEnds(text: string): number[] {
  const cls = classesOf(text);
  if (!cls) {
    const ends: number[] = [];
    for (const seg of segmenter.segment(text)) ends.push(seg.index + seg.segment.length);
    return ends;
  }
  return breaksOf(cls);
}

const isParaSep = (c: number) => c === CR || c === LF || c === SEP;
const isSATerm = (c: number) => c === ATERM || c === STERM;

/** UAX #29 rules SB3–SB11 (SB5 never applies: no format or extend characters get here). */
function breaksOf(cls: Uint8Array): number[] {
  const n = cls.length;
  const ends: number[] = [];
  let i = 0;
  while (i < n) {
    const c = cls[i] as number;
    if (isParaSep(c)) {
      // SB3, SB4: a break after a paragraph separator (CR LF is one).
      i += c === CR && cls[i + 1] === LF ? 2 : 1;
      ends.push(i);
      continue;
    }
    if (!isSATerm(c)) {
      i++;
      continue;
    }
    const next = cls[i + 1];
    // SB6: ATerm × Numeric ("3.5"); SB7: (Upper | Lower) ATerm × Upper ("U.S").
    if (
      c === ATERM &&
      (next === NUMERIC || (next === UPPER && (cls[i - 1] === UPPER || cls[i - 1] === LOWER)))
    ) {
      i++;
      continue;
    }
    // SB9, SB10: no break inside SATerm Close* Sp*.
    let j = i + 1;
    while (j < n && cls[j] === CLOSE) j++;
    while (j < n && cls[j] === SP) j++;
    if (j >= n) break;
    const after = cls[j] as number;
    if (isParaSep(after)) {
      // SB11: the break comes after the separator.
      j += after === CR && cls[j + 1] === LF ? 2 : 1;
      ends.push(j);
      i = j;
      continue;
    }
    // SB8a: × SContinue | SATerm; the next terminator is looked at in its turn.
    if (after === SCONTINUE || isSATerm(after)) {
      i = j;
      continue;
    }
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower ("e.g. the").
    if (c === ATERM && lowerFollows(cls, j)) {
      i = j;
      continue;
    }
    ends.push(j);
    i = j;
  }
  if (n > 0 && ends.at(-1) !== n) ends.push(n);
  return ends;
}

function lowerFollows(cls: Uint8Array, from: number): boolean {
  for (let k = from; k < cls.length; k++) {
    const c = cls[k] as number;
    if (c === LOWER) return true;
    // No OLetter here: every letter handled is upper or lower case.
    if (c === UPPER || isParaSep(c) || isSATerm(c)) return false;
  }
  return false;
}
