import { describe, expect, it } from 'vitest';
import { countAcronyms, learnAcronyms, pickAcronyms, sumAcronyms } from '../../src/core/acronyms.js';
import { analyseQuestion, processTerm } from '../../src/core/analysis.js';
import { answerTypesOf, questionType } from '../../src/core/answer-types.js';
import { irregularLemma, synonymsOf } from '../../src/core/lexicon.js';
import { collapseNearDuplicates, similarity, sketchOf } from '../../src/core/near-duplicates.js';
import type { Passage } from '../../src/core/types.js';

describe('analysis from WordNet and compromise, not a hand-written table', () => {
  it('indexes an irregular form under its lemma too, where stemming cannot join them', () => {
    expect(irregularLemma('fell')).toBe('fall');
    expect(irregularLemma('went')).toBe('go');
    expect(irregularLemma('children')).toBe('child');
    expect(processTerm('fell')).toEqual(['fell', 'fall']);
    expect(processTerm('children')).toEqual(['children', 'child']);
    // "left" is also a direction: the lexicon lists it as another word, so it is not read as "leave".
    expect(irregularLemma('left')).toBeUndefined();
  });

  it('offers strong synonyms (same first sense) as related terms, never as the word itself', () => {
    expect(synonymsOf('buy')).toContain('purchase');
    const [buy] = analyseQuestion('buy the ranch');
    expect(buy?.terms).toEqual(['bui']);
    expect(buy?.related).toContain('purchas');
    // Names take no synonyms: "Rush" in "Rush Limbaugh" is not "speed".
    const rush = analyseQuestion('Who awarded Rush Limbaugh a medal?').find((w) => w.word === 'Rush');
    expect(rush).toMatchObject({ related: [], name: true });
  });

  it('spells out an acronym only when written in capitals', () => {
    const fbi = analyseQuestion('What did the FBI say?').find((w) => w.word === 'FBI');
    expect(fbi?.related).toEqual(expect.arrayContaining(['feder', 'bureau', 'investig']));
    const un = analyseQuestion('Who is ambassador to the U.N.?').find((w) => w.word === 'U.N.');
    expect(un?.related).toEqual(expect.arrayContaining(['unit', 'nation']));
    // "ban" is also an acronym in WordNet; lower-case it is the word.
    expect(analyseQuestion('the ban on imports')[0]?.related).not.toContain('bachelor');
  });

  it('learns the acronyms an archive spells out, both ways round, checking the initials', () => {
    const learned = learnAcronyms([
      'Agents of the Federal Bureau of Investigation (FBI) arrived.',
      'The NATO (North Atlantic Treaty Organization) council met.',
      'He left (OK) early.',
      'The Food and Drug Administration (FDA) ruled.',
    ]);
    expect(learned.get('fbi')).toBe('Federal Bureau of Investigation');
    expect(learned.get('nato')).toBe('North Atlantic Treaty Organization');
    expect(learned.get('fda')).toBe('Food and Drug Administration');
    expect(learned.has('ok')).toBe(false);
  });

  it('reads an acronym by its most frequent spelling, whatever order the texts (or shards) come in', () => {
    const a = 'The Port Labour Board (PLB) met.';
    const b = 'The Pier Letting Bureau (PLB) met.';
    const texts = [a, b, b];
    expect(learnAcronyms(texts).get('plb')).toBe('Pier Letting Bureau');
    expect(learnAcronyms([...texts].reverse()).get('plb')).toBe('Pier Letting Bureau');
    const split = sumAcronyms([countAcronyms([b]), countAcronyms([a]), countAcronyms([b])]);
    expect(pickAcronyms(split).get('plb')).toBe('Pier Letting Bureau');
    // A tie goes to the alphabetically first name, not to the first text read.
    expect(learnAcronyms([b, a]).get('plb')).toBe('Pier Letting Bureau');
    expect(learnAcronyms([a, b]).get('plb')).toBe('Pier Letting Bureau');
  });
});

describe('answer-type cues', () => {
  it('reads the type a question asks for from its opening words', () => {
    expect(questionType('How many people came?')).toBe('number');
    expect(questionType('What percentage voted?')).toBe('number');
    expect(questionType('Who is the coach?')).toBe('person');
    expect(questionType('When is the parade?')).toBe('date');
    expect(questionType('Where would residents go?')).toBe('place');
    expect(questionType('Which city hosted it?')).toBe('place');
    expect(questionType('Why did it fail?')).toBeUndefined();
  });

  it('tags what a passage offers: numbers, people, dates, places', () => {
    const bits = (t: string) => answerTypesOf(t);
    expect(bits('About 200 persons were called.') & 1).toBe(1);
    expect(bits('Six correspondents came.') & 1).toBe(1);
    expect(bits('The coach is Nick Skorich.') & 2).toBe(2);
    expect(bits('Mr. Wendell will speak.') & 2).toBe(2);
    expect(bits('The parade is on Jan. 20.') & 4).toBe(4);
    expect(bits('They met in Oslo.') & 8).toBe(8);
    // "may" and "march" only as capitalised month names.
    expect(bits('we may march on') & 4).toBe(0);
    expect(bits('nothing here at all')).toBe(0);
  });
});

const passage = (id: string, text: string): Passage => ({
  id,
  slug: id.split('#')[0] as string,
  text,
  index: Number(id.split('#')[1]),
  count: 3,
  start: 0,
  end: text.length,
});

describe('near-duplicates', () => {
  const wire =
    'The city council voted on Tuesday to close the old harbour bridge for repairs, citing cracks found in two of its main supports during an inspection last month.';
  it('estimates 5-gram overlap from sketches: near-identical texts are close, others are not', () => {
    const edited = wire.replace('on Tuesday', 'late on Tuesday');
    expect(similarity(sketchOf(wire), sketchOf(wire))).toBe(1);
    expect(similarity(sketchOf(wire), sketchOf(edited))).toBeGreaterThanOrEqual(0.5);
    expect(
      similarity(
        sketchOf(wire),
        sketchOf('A different story entirely about the school budget and its teachers, long enough.'),
      ),
    ).toBeLessThan(0.2);
  });

  it('folds a repeat from another article into the first hit; a repeat within one article stays', () => {
    const passages = new Map(
      [
        passage('herald#1', wire),
        passage('gazette#2', wire.replace('on Tuesday', 'late on Tuesday')),
        passage('herald#3', wire),
        passage(
          'times#1',
          'The mayor said nothing about the bridge, but promised a new park for the east side of town.',
        ),
      ].map((p) => [p.id, p]),
    );
    const hits = ['herald#1', 'times#1', 'gazette#2', 'herald#3'].map((id) => ({ id }));
    const out = collapseNearDuplicates(hits, passages);
    expect(out.map((o) => [o.hit.id, o.alsoIn])).toEqual([
      ['herald#1', ['gazette#2']],
      ['times#1', []],
      ['herald#3', []],
    ]);
  });
});
