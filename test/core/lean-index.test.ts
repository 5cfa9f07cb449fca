import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { bundledQuestions } from '../../bench/questions-bundled.js';
import { analyseQuestion, processTerm, tokenize } from '../../src/core/analysis.js';
import { openArchive } from '../../src/core/archive.js';
import { miniSearchIndex } from '../../src/core/minisearch-index.js';
import { FIELD_BOOST, type IndexedPassage, toIndexed } from '../../src/core/passage-index.js';
import { TopHits } from '../../src/core/top-hits.js';

/** The bundled articles' passages as indexed, in archive order. */
async function bundledPassages(): Promise<IndexedPassage[]> {
  const archive = await openArchive({ dataDir: 'data/articles', cacheFile: false });
  return [...archive.passages.values()].map((p) => toIndexed(p, archive.articles.get(p.slug)?.title ?? ''));
}

describe('the lean index (sections hold titles and headings, postings frozen)', () => {
  it('scores a passage as plain MiniSearch does with text, heading and title in every passage', async () => {
    const passages = await bundledPassages();
    const b = miniSearchIndex.builder();
    for (const p of passages) b.add(p);
    const lean = b.finish();
    // The layout this replaces: every passage carrying its title and heading, MiniSearch scoring.
    const plain = new MiniSearch<IndexedPassage>({
      fields: ['text', 'heading', 'title'],
      tokenize,
      processTerm: (t) => processTerm(t) ?? null,
      searchOptions: { boost: { ...FIELD_BOOST } },
    });
    plain.addAll(passages);
    let compared = 0;
    for (const q of bundledQuestions) {
      const terms = [...new Set(analyseQuestion(q.question).flatMap((w) => w.terms))];
      if (terms.length === 0) continue;
      const expected = plain.search(terms.join(' '), { tokenize: () => terms, processTerm: (t) => t });
      const got = new Map(lean.search(terms).map((h) => [h.id, h]));
      for (const r of expected) {
        const hit = got.get(String(r.id));
        const inText = Object.values(r.match).some((fields) => fields.includes('text'));
        // A passage matched only through its title or heading is not a hit any more; the rest score alike.
        expect(hit === undefined).toBe(!inText);
        if (!hit) continue;
        expect(hit.score).toBeCloseTo(r.score, 6);
        expect([...hit.queryTerms].sort()).toEqual([...r.queryTerms].sort());
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('counts every accepted hit but builds only the best `limit`, in the order of the full list', async () => {
    const passages = await bundledPassages();
    const b = miniSearchIndex.builder();
    for (const p of passages) b.add(p);
    const index = b.finish();
    const terms = ['xi', 'phone', 'backdoor', 'lee', 'gift'];
    const all = index.search(terms);
    const accept = (queryTerms: readonly string[]) => queryTerms.length >= 2;
    const wanted = all.filter((h) => accept(h.queryTerms));
    const result = index.searchSteps(terms, { accept, limit: 5 });
    let step = result.next();
    while (!step.done) step = result.next();
    expect(step.value.matched).toBe(all.length);
    expect(step.value.accepted).toBe(wanted.length);
    expect(step.value.hits.map((h) => h.id)).toEqual(wanted.slice(0, 5).map((h) => h.id));
    expect(step.value.found).toEqual(new Set(terms.filter((t) => all.some((h) => h.queryTerms.includes(t)))));
  });

  it('restores from its saved form with the same hits and scores', async () => {
    const passages = await bundledPassages();
    const b = miniSearchIndex.builder();
    for (const p of passages) b.add(p);
    const built = b.finish();
    const loaded = miniSearchIndex.load(built.serialize());
    for (const q of bundledQuestions) {
      const terms = [...new Set(analyseQuestion(q.question).flatMap((w) => w.terms))];
      expect(loaded.search(terms)).toEqual(built.search(terms));
    }
    expect(() => miniSearchIndex.load('{"terms":[]}')).toThrow(/saved index has no ids/);
  });
});

describe('TopHits', () => {
  it('keeps the best `limit` by score, equal scores by id, as a full sort would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (scores, limit) => {
          const ids = scores.map((_, i) => `p#${String(i).padStart(3, '0')}`);
          const top = new TopHits(limit, ids);
          scores.forEach((s, doc) => {
            top.offer(doc, s, 0);
          });
          const expected = scores
            .map((score, doc) => ({ doc, score }))
            .sort((a, b) => b.score - a.score || a.doc - b.doc)
            .slice(0, limit);
          expect(top.sorted().map(({ doc, score }) => ({ doc, score }))).toEqual(expected);
        },
      ),
    );
  });
});
