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

describe('term weights reach the index', () => {
  it('a term searched at weight 0.3 scores 0.3 of its full weight', () => {
    const { index } = answers.archive;
    const full = index.search(['xiaomi']);
    const light = index.search(['xiaomi'], { termWeight: () => 0.3 });
    expect(light.map((h) => h.id)).toEqual(full.map((h) => h.id));
    for (const [i, h] of light.entries()) expect(h.score).toBeCloseTo((full[i]?.score ?? 0) * 0.3, 6);
  });
});
