import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { InProcessAnswers } from '../../src/core/answers-port.js';
import { openArchive } from '../../src/core/archive.js';
import type { Answer } from '../../src/core/types.js';
import { ShardedAnswers } from '../../src/search/sharded-answers.js';
import { sotuFolder } from './fixture.js';

const QUESTIONS = [
  'What are the four essential human freedoms?',
  'Which president declared an unconditional war on poverty in America?',
  'gold in California',
  'tariff duties on imported goods',
  'the Indian tribes west of the Mississippi',
  'constitusion amendmant', // typos: decided by the archive-wide count of exact matches
  'navy',
  'slavery',
  // A name in one address only: whether the archive holds it is the archive's answer, not a shard's.
  'tariff duties on imported goods near Niagara',
];

/** What must not change with the shard count: which passages, in which order, how many, and their scores. */
function shape(a: Answer) {
  return {
    total: a.total,
    reason: a.reason,
    fuzzy: a.fuzzy,
    ids: a.passages.map((p) => p.id),
    alsoIn: a.passages.map((p) => p.alsoIn?.map((s) => s.slug)),
    highlights: a.passages.map((p) => p.highlights),
  };
}

function expectSameScores(got: Answer, want: Answer) {
  got.passages.forEach((p, i) => {
    expect(p.score).toBeCloseTo(want.passages[i]?.score ?? Number.NaN, 6);
  });
}

describe('sharded search', () => {
  let root: string;
  let dataDir: string;
  let whole: InProcessAnswers;
  const pools: ShardedAnswers[] = [];

  beforeAll(async () => {
    ({ root, dataDir } = await sotuFolder());
    whole = new InProcessAnswers(new AnswerService(await openArchive({ dataDir })));
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await rm(root, { recursive: true, force: true });
  });

  const open = async (shards: number, extra: Partial<Parameters<typeof ShardedAnswers.open>[0]> = {}) => {
    const pool = await ShardedAnswers.open({ dataDir, shards, cacheFile: false, ...extra });
    pools.push(pool);
    return pool;
  };

  for (const shards of [1, 2, 3]) {
    it(`answers as one whole index does, on ${shards} shard(s): same passages, order, totals and scores`, {
      timeout: 120_000,
    }, async () => {
      const pool = await open(shards);
      for (const q of QUESTIONS) {
        for (const options of [
          { limit: 10 },
          { limit: 5, offset: 3 },
          { limit: 5, filters: { source: 'White House' } },
        ]) {
          const [got, want] = await Promise.all([pool.ask(q, options), whole.ask(q, options)]);
          expect({ q, options, ...shape(got) }).toEqual({ q, options, ...shape(want) });
          expectSameScores(got, want);
        }
      }
      expect(await pool.stats()).toMatchObject({
        articles: (await whole.stats()).articles,
        passages: (await whole.stats()).passages,
        words: (await whole.stats()).words,
      });
      expect(pool.size()).toEqual(whole.size());
      // The 1862 reprint folds into the original (they sit in different shards at 2 and 3 shards).
      const folded = (await pool.ask('slavery')).passages.flatMap((p) => p.alsoIn ?? []);
      expect(folded.map((s) => s.slug)).toContain('1862-lincoln-reprinted');
      expect(await pool.trend('gold silver')).toEqual(await whole.trend('gold silver'));
      expect(await pool.sources('')).toEqual(await whole.sources(''));
      expect(await pool.completeTitles('state of the union, 19', 5)).toEqual(
        await whole.completeTitles('state of the union, 19', 5),
      );
      const title = (await whole.completeTitles('1862', 1))[0]?.title ?? '';
      expect((await pool.article(title))?.meta.slug).toBe((await whole.article(title))?.meta.slug);
      expect(await pool.article('State of the Union')).toBeUndefined(); // many match: none is "the" one
      const id = (await whole.ask('slavery')).passages[0]?.id ?? '';
      expect(await pool.passage(id)).toEqual(await whole.passage(id));
      for (const day of ['1862-12-01', '1941-01-06']) {
        const options = { nearestWithinDays: 40 };
        expect(await pool.onThisDay(day, options)).toEqual(await whole.onThisDay(day, options));
      }
    });
  }

  it('answers a cheap question while a 3,900-character one is still being searched', {
    timeout: 120_000,
  }, async () => {
    const pool = await open(2, { maxQuestionChars: 4000 });
    // Many distinct words, some misspelt (typo expansion over the vocabulary is the slow path).
    const words = (await whole.ask('government')).passages
      .concat((await whole.ask('commerce', { limit: 25 })).passages)
      .flatMap((p) => p.text.split(/\W+/))
      .filter((w) => w.length > 3);
    let long = '';
    for (let i = 0; long.length < 3900; i++) {
      const w = words[i % words.length] ?? 'word';
      long += `${i % 7 === 0 ? `${w}x` : w} `;
    }
    long = long.slice(0, 3900);
    const order: string[] = [];
    const expensive = pool.ask(long).then((a) => {
      order.push('expensive');
      return a;
    });
    const cheap = pool.ask('gold in California').then((a) => {
      order.push('cheap');
      return a;
    });
    const cheapAnswer = await cheap;
    expect(order).toEqual(['cheap']); // answered while the long question was still being searched
    expect(cheapAnswer.passages.length).toBeGreaterThan(0);
    const expensiveAnswer = await expensive;
    expect(order).toEqual(['cheap', 'expensive']);
    expect(expensiveAnswer.reason).not.toBe('too-long');
  });

  it('rebuilds in the workers and swaps every shard at once, scoring with the new archive-wide counts', {
    timeout: 120_000,
  }, async () => {
    const pool = await open(2);
    const before = pool.size();
    await writeFile(
      path.join(dataDir, 'zeppelin.md'),
      '---\ntitle: Zeppelins over the Atlantic\ndate: 1936-05-06\nsource: White House\n---\n\nThe airship Hindenburg crossed the Atlantic with passengers and mail.\n',
    );
    try {
      const outcome = await pool.rebuild({ dataDir });
      expect(outcome.swapped?.articles).toBe(before.articles + 1);
      expect(pool.size().articles).toBe(before.articles + 1);
      const fresh = new InProcessAnswers(new AnswerService(await openArchive({ dataDir })));
      for (const q of ['airship Hindenburg', ...QUESTIONS.slice(0, 3)]) {
        const [got, want] = await Promise.all([pool.ask(q, { limit: 10 }), fresh.ask(q, { limit: 10 })]);
        expect(shape(got)).toEqual(shape(want));
        expectSameScores(got, want);
      }
      expect((await pool.rebuild({ dataDir })).swapped).toBeUndefined(); // unchanged: nothing swapped
    } finally {
      await rm(path.join(dataDir, 'zeppelin.md'));
      await pool.rebuild({ dataDir });
    }
  });

  it('saves one index per shard and loads them on the next start', { timeout: 120_000 }, async () => {
    const cacheFile = path.join(root, 'var', 'index.json');
    const first = await open(2, { cacheFile });
    expect((await first.stats()).index.source).toBe('built');
    expect((await readdir(path.dirname(cacheFile))).sort()).toEqual([
      'index.1-of-2.json',
      'index.2-of-2.json',
    ]);
    const second = await open(2, { cacheFile });
    expect((await second.stats()).index.source).toBe('cache');
    for (const q of QUESTIONS.slice(0, 4)) {
      expect(shape(await second.ask(q))).toEqual(shape(await first.ask(q)));
    }
  });

  it('names a missing articles folder as a start-up problem', { timeout: 120_000 }, async () => {
    await expect(
      ShardedAnswers.open({ dataDir: path.join(root, 'nowhere'), shards: 2, cacheFile: false }),
    ).rejects.toMatchObject({ code: 'DATA_DIR_MISSING' });
  });
});
