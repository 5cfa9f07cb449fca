import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { bundledQuestions } from '../../bench/questions-bundled.js';
import { analyseQuestion, processTerm, tokenize } from '../../src/core/analysis.js';
import { openArchive } from '../../src/core/archive.js';
import { miniSearchIndex } from '../../src/core/minisearch-index.js';
import {
  FIELD_BOOST,
  type IndexedPassage,
  type IndexHit,
  type IndexStats,
  runSteps,
  sumStats,
  toIndexed,
} from '../../src/core/passage-index.js';
import { previousPassageId } from '../../src/core/rerank.js';
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
    let previous = 0;
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
      // The neighbour share reads the previous passage's score as plain MiniSearch gave it, even when
      // that passage matched only through its title or heading.
      const plainScore = new Map(expected.map((r) => [String(r.id), r.score]));
      for (const hit of got.values()) {
        const before = previousPassageId(hit.id);
        const want = before ? plainScore.get(before) : undefined;
        if (want === undefined) expect(hit.previous).toBeUndefined();
        else {
          expect(hit.previous).toBeCloseTo(want, 6);
          previous++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(previous).toBeGreaterThan(20);
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

/** A small index of passages given as [id, text, title?]. */
function small(passages: Array<[string, string, string?]>) {
  const b = miniSearchIndex.builder();
  for (const [id, text, title = ''] of passages) b.add({ id, text, heading: '', title });
  return b.finish();
}

describe('the lean index at its edges', () => {
  it('builds no hit for a limit of 0 but still counts the accepted', () => {
    const index = small([
      ['a#1', 'zebra crossing'],
      ['b#1', 'a zebra'],
    ]);
    const result = runSteps(index.searchSteps(['zebra'], { limit: 0 }));
    expect(result.hits).toEqual([]);
    expect(result.accepted).toBe(2);
  });

  it('searches a term given twice as once (as MiniSearch counts a query term once)', () => {
    const index = small([
      ['a#1', 'zebra crossing'],
      ['b#1', 'a lion'],
    ]);
    const once = index.search(['zebra', 'lion']);
    const twice = index.search(['zebra', 'lion', 'zebra']);
    expect(twice.map((h) => [h.id, h.score, h.queryTerms])).toEqual(
      once.map((h) => [h.id, h.score, h.queryTerms]),
    );
  });

  it('answers two searches stepped alternately as each alone (each has its own scratch)', () => {
    const index = small([
      ['a#1', 'zebra lion'],
      ['a#2', 'lion tiger'],
      ['b#1', 'tiger'],
    ]);
    const alone = [index.search(['zebra', 'lion']), index.search(['tiger', 'lion'])];
    const steps = [index.searchSteps(['zebra', 'lion']), index.searchSteps(['tiger', 'lion'])];
    const done: Array<IndexHit[] | undefined> = [undefined, undefined];
    while (done.some((d) => d === undefined)) {
      steps.forEach((g, i) => {
        if (done[i]) return;
        const next = g.next();
        if (next.done) done[i] = next.value.hits;
      });
    }
    expect(done).toEqual(alone);
    // One left unfinished takes its scratch with it; later searches are not disturbed.
    index.searchSteps(['zebra', 'lion']).next();
    expect(index.search(['zebra', 'lion'])).toEqual(alone[0]);
  });

  it('refuses a saved index whose arrays were damaged, rather than searching past them', () => {
    const index = small([
      ['a#1', 'zebra crossing', 'Stripes'],
      ['b#1', 'a lion'],
    ]);
    const saved = JSON.parse(index.serialize());
    expect(miniSearchIndex.load(JSON.stringify(saved)).search('zebra')).toEqual(index.search('zebra'));
    expect(() => miniSearchIndex.load(JSON.stringify({ ...saved, ids: ['a#1'] }))).toThrow(/damaged/);
    expect(() => miniSearchIndex.load(JSON.stringify({ ...saved, text: ['', '', ''] }))).toThrow(/damaged/);
    const terms = [...saved.terms, 'extra'];
    expect(() => miniSearchIndex.load(JSON.stringify({ ...saved, terms }))).toThrow(/damaged/);
  });

  it('scores in shards with the summed counts as one index, a term missing from a shard included', () => {
    const all: Array<[string, string, string?]> = [
      ['a#1', 'zebra lion', 'Savanna'],
      ['b#1', 'lion tiger'],
      ['c#1', 'tiger cat', 'Savanna cats'],
      ['d#1', 'zebra zebra'],
    ];
    const whole = small(all);
    const shards = [small([all[0], all[2]] as typeof all), small([all[1], all[3]] as typeof all)];
    const global = sumStats(shards.map((s) => s.stats?.() as IndexStats));
    for (const s of shards) s.useGlobalStats?.(global);
    for (const terms of [['zebra'], ['lion', 'cat'], ['tiger', 'zebra', 'savanna']]) {
      const merged = shards
        .flatMap((s) => s.search(terms))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      expect(merged.map((h) => [h.id, h.score])).toEqual(whole.search(terms).map((h) => [h.id, h.score]));
    }
    expect(shards[0]?.hasTerm('cat')).toBe(true);
    expect(shards[1]?.hasTerm('cat')).toBe(true);
    expect(shards[1]?.documentFrequency('savanna')).toBe(whole.documentFrequency('savanna'));
  });

  it('scores one search with the statistics it started with, when new ones arrive between its steps', () => {
    const index = small([
      ['a#1', 'zebra lion'],
      ['b#1', 'lion tiger'],
      ['c#1', 'zebra'],
    ]);
    const before = index.search(['zebra', 'lion']);
    const local = index.stats?.() as IndexStats;
    // As after a rebuild of another shard: more passages, different counts.
    const df = new Map([...local.df].map(([t, counts]) => [t, counts.map((n) => n + 5)]));
    const global = { documentCount: 40, fieldLengths: local.fieldLengths.map((n) => n * 12), df };
    const steps = index.searchSteps(['zebra', 'lion']);
    steps.next();
    index.useGlobalStats?.(global);
    let next = steps.next();
    while (!next.done) next = steps.next();
    expect(next.value.hits).toEqual(before);
    expect(index.search(['zebra', 'lion'])).not.toEqual(before);
  });

  it('with a filter, a gate and a limit, builds the best of what a full search keeps after both', () => {
    const vocabulary = ['zebra', 'lion', 'tiger', 'crane', 'heron', 'otter'];
    const passage = fc.tuple(
      fc.array(fc.constantFrom(...vocabulary), { maxLength: 6 }),
      fc.constantFrom('', 'Zebra crane', 'Otter'),
    );
    fc.assert(
      fc.property(
        fc.array(passage, { maxLength: 25 }),
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        (passages, terms, limit, needed) => {
          // Articles of three passages: neighbours, titles shared, `previous` reachable.
          const index = small(
            passages.map(([words, title], i): [string, string, string] => [
              `s${Math.floor(i / 3)}#${(i % 3) + 1}`,
              words.join(' '),
              title,
            ]),
          );
          const filter = (id: string) => !id.startsWith('s1#');
          const accept = (queryTerms: readonly string[], textTerms: readonly string[]) =>
            queryTerms.length >= needed && textTerms.length > 0;
          const all = index.search(terms);
          const kept = all.filter((h) => filter(h.id) && accept(h.queryTerms, h.textTerms));
          const result = runSteps(index.searchSteps(terms, { filter, accept, limit }));
          expect(result.matched).toBe(all.length);
          expect(result.accepted).toBe(kept.length);
          expect(result.hits).toEqual(kept.slice(0, limit));
          expect(result.found).toEqual(new Set(all.flatMap((h) => h.queryTerms)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles an empty archive, in memory and saved', () => {
    const index = small([]);
    expect(index.search('zebra')).toEqual([]);
    expect(miniSearchIndex.load(index.serialize()).search('zebra')).toEqual([]);
    expect(index.stats?.()).toEqual({ documentCount: 0, fieldLengths: [0, 0, 0], df: new Map() });
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
