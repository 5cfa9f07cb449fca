import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/core/articles.js';
import { type ChunkOptions, chunkArticle } from '../../src/core/chunker.js';

const OPTS: Required<ChunkOptions> = {
  maxChars: 1200,
  targetChars: 700,
  headingMaxChars: 90,
  questionMaxChars: 200,
};

/** Bodies shaped like articles: paragraphs, headings, FAQ questions, very long lines, stray blank lines. */
const sentence = fc
  .array(
    fc.constantFrom(
      'Xi',
      'gave',
      'Lee',
      'two',
      'phones',
      'at',
      'the',
      'summit',
      'in',
      'Gyeongju',
      'backdoor',
      '“quoted”',
    ),
    {
      minLength: 1,
      maxLength: 30,
    },
  )
  .chain((ws) => fc.constantFrom('.', '?', '!', '').map((end) => ws.join(' ') + end));
const block = fc.oneof(
  fc.array(sentence, { minLength: 1, maxLength: 6 }).map((ss) => ss.join(' ')),
  fc.array(sentence, { minLength: 40, maxLength: 120 }).map((ss) => ss.join(' ')), // a speech on one line
  sentence.map((s) => `## ${s}`),
  sentence.map((s) => `${s.replace(/[.?!]$/, '')}?`),
  fc.string({ maxLength: 80 }),
);
const body = fc
  .array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n', '\n  \n')), { maxLength: 25 })
  .map((parts) => parts.map(([b, sep]) => b + sep).join(''));

describe('chunkArticle properties', () => {
  it('puts every non-space character in exactly one passage, in order, within size bounds', () => {
    fc.assert(
      fc.property(body, (text) => {
        const passages = chunkArticle('t', text, OPTS);
        const owner = new Array<number>(text.length).fill(-1);
        let lastEnd = 0;
        passages.forEach((p, i) => {
          expect(p.start).toBeGreaterThanOrEqual(lastEnd);
          expect(p.end).toBeGreaterThanOrEqual(p.start);
          lastEnd = p.end;
          for (let c = p.start; c < p.end; c++) owner[c] = i;
          expect(p.text.length).toBeLessThanOrEqual(OPTS.maxChars + OPTS.questionMaxChars + 4);
          expect(p.index).toBe(i + 1);
          expect(p.count).toBe(passages.length);
        });
        for (let c = 0; c < text.length; c++) {
          if (/\S/.test(text[c] ?? ''))
            expect(owner[c], `char ${c} ${JSON.stringify(text[c])}`).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('quotes text that is a slice of the body', () => {
    fc.assert(
      fc.property(body, (text) => {
        for (const p of chunkArticle('t', text, OPTS)) {
          if (!p.heading || p.text !== p.heading)
            expect(text.slice(p.start, p.end).endsWith(p.text)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('chunkArticle on real text', () => {
  it('joins headings and FAQ questions to the paragraph they introduce', async () => {
    const { articles } = await loadArticles('data/articles');
    const explainer = articles.find((a) => a.slug === 'xi-espionage-joke-explainer');
    if (!explainer) throw new Error('bundled explainer missing');
    const passages = chunkArticle(explainer.slug, explainer.body);
    const faq = passages.find((p) => p.text.startsWith('What phones did Xi give President Lee?'));
    expect(faq?.heading).toBe("FAQs About Xi Jinping's Espionage Joke");
    expect(faq?.text).toContain('Xi gifted two Xiaomi smartphones');
    // No passage is only a heading or only a question.
    expect(passages.every((p) => p.text.length > 120)).toBe(true);
    const section = passages.find((p) => p.text.startsWith('On Saturday, November 1, 2025'));
    expect(section?.heading).toBe('The Unprecedented Exchange: What Happened in Gyeongju?');
    expect(
      explainer.body.slice(section?.start, section?.end).startsWith('## The Unprecedented Exchange'),
    ).toBe(true);
  });

  it('splits a 10,000-word speech on one line at sentence boundaries', () => {
    const sentences = Array.from(
      { length: 700 },
      (_, i) => `In year ${i} the nation built ${i % 7} new roads and ${i % 5} schools across the land.`,
    );
    const speech = sentences.join(' ');
    expect(speech.split(' ').length).toBeGreaterThan(10_000);
    const passages = chunkArticle('speech', speech, OPTS);
    expect(passages.length).toBeGreaterThan(15);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(OPTS.maxChars);
      expect(p.text.length).toBeGreaterThan(OPTS.targetChars / 2);
      expect(p.text.endsWith('.')).toBe(true);
      expect(p.text.startsWith('In year')).toBe(true);
    }
  });

  it('splits a sentence with no punctuation at spaces, within bounds', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const passages = chunkArticle('x', words, OPTS);
    expect(passages.every((p) => p.text.length <= OPTS.maxChars && !p.text.startsWith(' '))).toBe(true);
    expect(passages.map((p) => p.text).join(' ')).toBe(words);
  });
});
