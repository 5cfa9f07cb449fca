import { describe, expect, it } from 'vitest';
import { analyseQuestion } from '../../src/core/analysis.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';

describe('honest counts', () => {
  it('does not count passages that match only through the title or a heading', async () => {
    const archive = await openArchive({ dataDir: 'data/articles', cacheFile: false });
    const answers = new AnswerService(archive);
    const slug = 'xi-espionage-joke-explainer';
    // Both words are in this article's title; "Gyeongju" is also in a heading.
    const question = 'What happened in Gyeongju?';
    const all = answers.ask(question, { limit: 25 });
    expect(all.total).toBeGreaterThan(0);
    expect(all.total).toBeLessThan(archive.bySlug.get(slug)?.length ?? 0);
    expect(all.passages).toHaveLength(all.total); // More results pages only through real matches
    const terms = new Set(analyseQuestion(question).flatMap((w) => w.terms));
    for (const p of all.passages) {
      const words = analyseQuestion(p.text).flatMap((w) => w.terms);
      expect(words.some((t) => terms.has(t))).toBe(true);
    }
  });
});
