import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledQuestions } from '../../bench/questions-bundled.js';
import { analyseQuestion } from '../../src/core/analysis.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { miniSearchIndex } from '../../src/core/minisearch-index.js';

const doc = (id: string, text: string, title = '', heading = '') => ({ id, text, title, heading });

describe('PassageIndex (MiniSearch behind it)', () => {
  it('counts each passage once per term, in the field that holds the term most often', () => {
    const b = miniSearchIndex.builder();
    b.add(doc('a#0', 'The zeppelin and the zeppelin again.', 'Zeppelin news'));
    b.add(doc('a#1', 'Crowds gathered.', 'Zeppelin news'));
    b.add(doc('a#2', 'Crowds left.', 'Zeppelin news'));
    const index = b.finish();
    expect(index.documentCount).toBe(3);
    expect(index.documentFrequency('zeppelin')).toBe(3); // the title field: every passage
    expect(index.documentFrequency('crowd')).toBe(2);
    expect(index.documentFrequency('airship')).toBe(0);
    expect(index.hasTerm('crowd')).toBe(true);
    expect(index.hasTerm('airship')).toBe(false);
    // Searching analyses terms too: that must not count as indexing.
    index.search('crowds gathered');
    expect(index.documentFrequency('crowd')).toBe(2);
  });

  it('searches analysed terms as given and text as passages are analysed', () => {
    const b = miniSearchIndex.builder();
    b.add(doc('a#0', 'Xi gave two Xiaomi phones.'));
    b.add(doc('a#1', 'The summit ended.'));
    const index = b.finish();
    expect(index.search('phones').map((h) => h.id)).toEqual(['a#0']);
    expect(index.search(['phone']).map((h) => h.id)).toEqual(['a#0']);
    expect(index.search(['phones'])).toEqual([]); // not a stem: nothing re-analyses it
    expect(index.search(['summit'], { filter: (id) => id !== 'a#1' })).toEqual([]);
    expect(index.suggest('xiaomy', { fuzzy: 0.2 })[0]?.terms).toEqual(['xiaomi']);
  });

  it('restores the same frequencies and answers from the saved index', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-index-'));
    try {
      const cacheFile = path.join(root, 'index.json');
      const built = await openArchive({ dataDir: 'data/articles', cacheFile });
      const loaded = await openArchive({ dataDir: 'data/articles', cacheFile });
      expect(loaded.build.source).toBe('cache');
      const terms = bundledQuestions.flatMap((q) => analyseQuestion(q.question).flatMap((w) => w.terms));
      for (const t of [...terms, 'nonexistentterm']) {
        expect([t, loaded.index.documentFrequency(t)]).toEqual([t, built.index.documentFrequency(t)]);
        expect(loaded.index.hasTerm(t)).toBe(built.index.hasTerm(t));
      }
      const a = new AnswerService(built);
      const b = new AnswerService(loaded);
      for (const q of bundledQuestions) {
        expect(b.ask(q.question).passages.map((p) => [p.id, p.score])).toEqual(
          a.ask(q.question).passages.map((p) => [p.id, p.score]),
        );
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rebuilds rather than misreads a cache saved in the previous format', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-index-'));
    try {
      const dir = path.join(root, 'articles');
      await cp('data/articles', dir, { recursive: true });
      const cacheFile = path.join(root, 'index.json');
      await openArchive({ dataDir: dir, cacheFile });
      const content = await readFile(cacheFile, 'utf8');
      await writeFile(cacheFile, content.replace(/^\{"format":\d+/, '{"format":3'));
      const again = await openArchive({ dataDir: dir, cacheFile });
      expect(again.build.source).toBe('built');
      expect(again.index.documentFrequency('xiaomi')).toBeGreaterThan(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('the index seam', () => {
  async function sources(dir: string): Promise<string[]> {
    const files = await readdir(dir, { recursive: true });
    return files.filter((f) => /\.(ts|mjs)$/.test(f)).map((f) => path.join(dir, f));
  }

  it('keeps MiniSearch behind one file and never reads its private fields', async () => {
    const offenders: string[] = [];
    for (const file of [
      ...(await sources('src')),
      ...(await sources('commands')),
      ...(await sources('scripts')),
    ]) {
      const text = await readFile(file, 'utf8');
      if (/from 'minisearch'/.test(text) && file !== path.join('src', 'core', 'minisearch-index.ts')) {
        offenders.push(`${file} imports minisearch`);
      }
      // minisearch-index.ts alone may: archive-wide BM25 for shards replaces MiniSearch 7.2's term scoring.
      if (
        /\b_(index|documentCount|fieldIds)\b/.test(text) &&
        file !== path.join('src', 'core', 'minisearch-index.ts')
      )
        offenders.push(`${file} reads a private field`);
    }
    expect(offenders).toEqual([]);
  });
});
