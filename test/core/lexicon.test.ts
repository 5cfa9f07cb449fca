import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processTerm } from '../../src/core/analysis.js';
import { NUMBER, PERSON, passageTypes, questionType, typeBoost } from '../../src/core/answer-types.js';
import { LexiconBuilder } from '../../src/core/lexicon/lexicon.js';
import { expandQuestion, SYNONYM_WEIGHT } from '../../src/core/query.js';

describe('irregular lemmas', () => {
  it('joins an irregular form to its lemma and keeps the form itself', () => {
    expect(processTerm('fell')).toEqual(expect.arrayContaining([processTerm('fall')?.[0]]));
    expect(processTerm('mice')).toEqual(expect.arrayContaining([processTerm('mouse')?.[0]]));
  });
  it('always returns the word’s own stem first', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,12}$/), (w) => {
        const terms = processTerm(w);
        if (terms) expect(terms.length).toBeGreaterThanOrEqual(1);
        if (terms && terms.length > 1) expect(terms[0]).not.toBe(terms[1]);
      }),
    );
  });
});

describe('lexicon', () => {
  it('learns an acronym spelled out in the text, both ways', () => {
    const b = new LexiconBuilder();
    b.addText('Agents of the Federal Bureau of Investigation (FBI) arrived.');
    b.addText('The Widget Makers Guild (WMG) met.');
    const lex = b.finish();
    expect(lex.expansion('wmg')).toEqual(['widget', 'maker', 'guild']);
    expect(
      lex.acronymsIn(['the', 'widget', 'maker', 'guild'].map((w) => processTerm(w)?.[0] ?? w)),
    ).toContain('wmg');
  });
  it('ignores parentheses whose letters do not spell the words before them', () => {
    const b = new LexiconBuilder();
    b.addText('He met Bob Smith (RIP) yesterday.');
    expect(b.finish().expansion('rip')).toEqual([]);
  });
  it('gives WordNet synonyms only for words the archive holds, at a lower weight', () => {
    const b = new LexiconBuilder();
    for (const w of ['salary', 'wage', 'pay', 'dog']) b.addWord(w);
    const lex = b.finish();
    expect(lex.synonyms('salari')).toEqual(expect.arrayContaining(['wage']));
    expect(lex.synonyms('dog')).toEqual([]);
    const { words, weights } = expandQuestion([{ word: 'salary', terms: ['salari'] }], lex);
    expect(words[0]?.terms[0]).toBe('salari');
    expect(weights.get('wage')).toBe(SYNONYM_WEIGHT);
    expect(weights.has('salari')).toBe(false);
  });
});

describe('answer types', () => {
  it('reads what a question asks for', () => {
    expect(questionType('How many votes did he get?') & NUMBER).toBeTruthy();
    expect(questionType('Who is the mayor?')).toBe(PERSON);
    expect(questionType('Tell me about parks')).toBe(0);
  });
  it('finds numbers and names in a passage', () => {
    expect(passageTypes('The city paid $25,000 for 300 chairs.') & NUMBER).toBeTruthy();
    expect(passageTypes('He spoke with Buck Shaw yesterday.') & PERSON).toBeTruthy();
  });
  it('never lowers a score', () => {
    fc.assert(fc.property(fc.nat(63), fc.nat(63), (w, m) => typeBoost(w, m) >= 1));
  });
});
