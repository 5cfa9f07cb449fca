import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { InProcessAnswers } from '../../src/core/answers-port.js';
import { openArchive } from '../../src/core/archive.js';
import { shardOf } from '../../src/search/partition.js';
import { ShardedAnswers } from '../../src/search/sharded-answers.js';

/** Two articles that fall to different shards of two, so one shard never sees the acronym spelled out. */
function twoSlugs(): [string, string] {
  const names = Array.from({ length: 20 }, (_, i) => `harbour-report-${i}`);
  const first = names.find((n) => shardOf(n, 2) === 0) as string;
  const second = names.find((n) => shardOf(n, 2) === 1) as string;
  return [first, second];
}

const article = (title: string, body: string) =>
  `---\ntitle: "${title}"\ndate: 2024-05-0${title.length % 9 || 1}\nsource: Harbour Gazette\n---\n\n${body}\n`;

describe('acronyms learned from the archive, sharded', () => {
  let root: string;
  let dataDir: string;
  let spelled: string;
  let named: string;
  const pools: ShardedAnswers[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'archivist-acronyms-'));
    dataDir = path.join(root, 'articles');
    await mkdir(dataDir);
    [spelled, named] = twoSlugs();
    // Only this article spells the acronym out; the other names the body in full and never abbreviates it.
    await writeFile(
      path.join(dataDir, `${spelled}.md`),
      article(
        'Quay works begin',
        'The Tidewater Quay Authority (TQA) opened bids for the north quay.\n\nDredging starts in June.',
      ),
    );
    await writeFile(
      path.join(dataDir, `${named}.md`),
      article(
        'Fees lowered',
        'The Tidewater Quay Authority decided to lower berth fees for small boats.\n\nThe harbour master decided to retire.',
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('reads an acronym spelled out in one shard the same way in every shard', async () => {
    const whole = new InProcessAnswers(new AnswerService(await openArchive({ dataDir, cacheFile: false })));
    const one = await ShardedAnswers.open({ dataDir, shards: 1, cacheFile: false });
    const two = await ShardedAnswers.open({ dataDir, shards: 2, cacheFile: false });
    pools.push(one, two);
    const question = 'What did the TQA decide?';
    const want = await whole.ask(question);
    // The passage naming the authority in full ranks above the other "decided", through the acronym
    // learned from the other article.
    expect(want.passages.map((p) => p.id)).toEqual([`${spelled}#1`, `${named}#1`, `${named}#2`]);
    for (const pool of [one, two]) {
      const got = await pool.ask(question);
      expect(got.passages.map((p) => p.id)).toEqual(want.passages.map((p) => p.id));
      got.passages.forEach((p, i) => {
        expect(p.score).toBeCloseTo(want.passages[i]?.score ?? Number.NaN, 6);
        expect(p.highlights).toEqual(want.passages[i]?.highlights);
      });
    }
  });
});
