import { expect, it } from 'vitest';
import { bestSentence } from '../../src/core/highlight.js';
import { sentenceRanges } from '../../src/core/sentences.js';

const of = (text: string) => sentenceRanges(text).map((r) => text.slice(r.start, r.end));

it('does not end a sentence at an initial or a title before a name', () => {
  expect(of('Patrick F. Walsh, a professor, said so. He smiled.')).toEqual([
    'Patrick F. Walsh, a professor, said so.',
    'He smiled.',
  ]);
  expect(of('Dr. Kim spoke first. Then Lee did.')).toEqual(['Dr. Kim spoke first.', 'Then Lee did.']);
  // Real ends stay ends.
  expect(of('It rained. The match went on.')).toEqual(['It rained.', 'The match went on.']);
});

it('the best sentence keeps a quoted speaker whole', () => {
  const text = 'Patrick F. Walsh, a professor, said the phone was a joke. Nobody laughed.';
  const at = text.indexOf('phone');
  expect(bestSentence(text, [{ start: at, end: at + 5 }]).text).toBe(
    'Patrick F. Walsh, a professor, said the phone was a joke.',
  );
});
