import { describe, expect, it } from 'vitest';
import { passageText } from '../../src/adapters/slack/blocks.js';
import { renderAnswer as terminalAnswer } from '../../src/adapters/terminal/render.js';
import { bestSentence } from '../../src/core/highlight.js';
import { answerOf, hitFor } from '../support/hits.js';

const FAQ =
  'What phones did Xi give President Lee?\n\nXi gifted two Xiaomi smartphones with Korean-made displays. They symbolize cooperation.';

describe('bestSentence', () => {
  it('passes over an FAQ question line for the sentence that answers it', () => {
    const hit = hitFor(FAQ, 'What phones did Xi give Lee?');
    expect(hit.bestSentence.text).toMatch(/^Xi gifted two Xiaomi smartphones/);
  });

  it('keeps a question that is the whole passage, and questions inside prose', () => {
    expect(bestSentence('What phones did Xi give?', []).text).toBe('What phones did Xi give?');
    const prose = 'Lee asked: is it secure? Xi laughed.';
    const hit = hitFor(prose, 'is it secure');
    expect(hit.bestSentence.text).toBe('Lee asked: is it secure?');
  });
});

describe('the answering sentence, marked by each renderer', () => {
  const hit = hitFor(FAQ, 'What phones did Xi give Lee?');

  it('Slack: the sentence on its own quote line, bold words kept, the question above it', () => {
    const md = passageText(hit, 3000);
    expect(md.split('\n')).toEqual([
      'What *phones* did *Xi* *give* President *Lee*?',
      '',
      '>*Xi* gifted two Xiaomi smartphones with Korean-made displays.',
      'They symbolize cooperation.',
    ]);
  });

  it('Slack: a passage holding one sentence, or nothing matched, gets no quote', () => {
    expect(passageText(hitFor('Xi gave phones.', 'phones'), 3000)).toBe('Xi gave *phones*.');
    expect(passageText({ ...hit, highlights: [] }, 3000)).not.toMatch(/^>/m);
  });

  it('terminal without colour: the sentence between » and «; with colour: underlined word by word', () => {
    const plain = terminalAnswer(answerOf(hit), { color: false, width: 200 });
    expect(plain).toContain('» Xi gifted two Xiaomi smartphones with Korean-made displays. « They symbolize');
    expect(plain).toContain('1. What phones did Xi give President Lee?\n');
    const colour = terminalAnswer(answerOf(hit), { color: true, width: 200 });
    expect(colour).toContain('\x1b[4mtwo\x1b[24m \x1b[4mXiaomi\x1b[24m');
    // Bold matched words inside the sentence stay bold, and underlined too.
    expect(colour).toContain('\x1b[1m\x1b[33m\x1b[4mXi\x1b[24m');
    // No underline on the question, and none left open at a line end.
    expect(colour.split('\n').find((l) => l.includes('President'))).not.toContain('\x1b[4m');
    for (const line of colour.split('\n'))
      expect(line.lastIndexOf('\x1b[4m')).toBeLessThanOrEqual(line.lastIndexOf('\x1b[24m'));
  });
});
