import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';

const article = (title: string, source: string, body: string) =>
  `---\ntitle: ${JSON.stringify(title)}\ndate: 1961-03-01\nsource: ${source}\n---\n\n${body}\n`;

const WIRE =
  'The harbour commission voted on Tuesday to close the old swing bridge for repairs, citing cracks found in two of its main supports during an inspection last month.';

let root: string;
let answers: AnswerService;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-cues-'));
  const files: Record<string, string> = {
    'herald.md': article('Bridge to close', 'Harbour Herald', WIRE),
    'gazette.md': article(
      'Swing bridge shut',
      'Evening Gazette',
      WIRE.replace('on Tuesday', 'late on Tuesday'),
    ),
    'ranch.md': article(
      'County business',
      'County Times',
      [
        'The county board met on the ranch question again this week.',
        'The purchase of the Miller ranch was approved by the board, and the old barn will become a library.',
        'Separately, the board agreed to buy new road salt for the winter.',
        "The sheriff's car was pulled from the river on Monday.",
      ].join('\n\n'),
    ),
    'fair.md': article(
      'Spring fair',
      'County Times',
      [
        'The spring fair opened at the showground with a brass band and a pie contest.',
        'The fair drew a crowd of 4,200 on its first day, the organisers said.',
        'The pie contest was won by a baker from the valley, who entered a rhubarb pie.',
      ].join('\n\n'),
    ),
    'agency.md': article(
      'Agency inquiry',
      'Capital Post',
      [
        'Officers of the Regional Harbour Authority (RHA) opened an inquiry into the depot fire.',
        'The Regional Harbour Authority questioned the night clerk about the missing ledger.',
        'The night clerk told reporters that the depot had been quiet.',
      ].join('\n\n'),
    ),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  for (let i = 0; i < 8; i++) {
    await writeFile(
      path.join(root, `filler-${i}.md`),
      article(`Filler ${i}`, 'County Times', `Weather report number ${i}: rain, then sun.`),
    );
  }
  answers = new AnswerService(await openArchive({ dataDir: root, cacheFile: false }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('answers on an archive the analysis was not written for', () => {
  it('the same wire story in two papers is one result, "also in" the other, and counted once', async () => {
    const a = await answers.ask('Why is the swing bridge closing?');
    expect(a.total).toBe(1);
    expect(a.passages).toHaveLength(1);
    const top = a.passages[0];
    expect(top?.alsoIn).toHaveLength(1);
    expect([top?.source.publisher, ...(top?.alsoIn ?? []).map((s) => s.publisher)].sort()).toEqual([
      'Evening Gazette',
      'Harbour Herald',
    ]);
  });

  it('a passage holding the asked word ranks above one holding only its synonym', async () => {
    const a = await answers.ask('Who approved the purchase of the ranch?');
    expect(a.passages[0]?.text).toMatch(/purchase of the Miller ranch/);
  });

  it('a synonym helps rank and admit a passage, but alone does not make it an answer', async () => {
    // WordNet: "automobile" and "car" share their first sense.
    expect((await answers.ask('automobile')).total).toBe(0);
    const a = await answers.ask('automobile in the river');
    expect(a.passages[0]?.text).toMatch(/sheriff's car/);
    expect((await answers.ask('purchase road salt')).passages[0]?.text).toMatch(/buy new road salt/);
  });

  it('"how many" lifts the passage stating a number; its subject may be named just before', async () => {
    const a = await answers.ask('How many came to the fair?');
    expect(a.passages[0]?.text).toMatch(/4,200/);
  });

  it('an acronym the archive spells out (not in WordNet) finds passages that use only the full name', async () => {
    const a = await answers.ask('What did the RHA ask the night clerk?');
    expect(a.passages[0]?.text).toMatch(/questioned the night clerk/);
  });

  it('a name the archive never mentions gets nothing, not passages about the other words', async () => {
    const a = await answers.ask('What did Tesla buy at the ranch?');
    expect(a).toMatchObject({ total: 0, reason: 'no-match' });
    expect((await answers.ask('What did the board buy at the ranch?')).total).toBeGreaterThan(0);
  });
});
