import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';

let answers: AnswerService;
beforeAll(async () => {
  answers = new AnswerService(await openArchive({ dataDir: 'data/articles', cacheFile: false }));
});

describe('ask with a thread’s earlier question as context', () => {
  it('ranks passages that also hold the earlier words higher, without requiring them', () => {
    const alone = answers.ask('and what did Lee say?', { limit: 25 });
    const leaning = answers.ask('and what did Lee say?', {
      limit: 25,
      context: 'What phones did Xi give Lee?',
    });
    // The same passages qualify (context never admits one) …
    expect(leaning.total).toBe(alone.total);
    // … but the first now also speaks of the phones.
    expect(leaning.passages[0]?.text).toMatch(/phone/i);
    expect(leaning.passages.map((p) => p.id)).not.toEqual(alone.passages.map((p) => p.id));
  });

  it('context words alone match nothing', () => {
    expect(answers.ask('zeppelin', { context: 'What phones did Xi give Lee?' }).passages).toEqual([]);
  });
});
