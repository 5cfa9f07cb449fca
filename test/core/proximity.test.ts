import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { proximity, questionPairs } from '../../src/core/proximity.js';

const article = (title: string, body: string) =>
  `---\ntitle: ${JSON.stringify(title)}\ndate: 2002-01-29\nsource: Test Wire\n---\n\n${body}\n`;

let root: string;
let answers: AnswerService;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-proximity-'));
  // The scattered passage is shorter, so BM25 alone ranks it first.
  await writeFile(
    path.join(root, 'scattered.md'),
    article('Budget debate', 'The axis of the budget debate shifted; evil was not said.'),
  );
  await writeFile(
    path.join(root, 'phrase.md'),
    article(
      'The address',
      'The president named three countries an axis of evil in his address to Congress that evening, and the phrase stuck with reporters, diplomats and critics for years afterwards.',
    ),
  );
  for (let i = 0; i < 6; i++) {
    await writeFile(path.join(root, `filler-${i}.md`), article(`Filler ${i}`, `Harbour report number ${i}.`));
  }
  answers = new AnswerService(await openArchive({ dataDir: root, cacheFile: false }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('phrases and proximity', () => {
  it('ranks the passage holding a quoted phrase together above one that scatters its words', () => {
    const ids = answers.ask('"axis of evil"').passages.map((p) => p.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^phrase/);
  });

  it('counts question words in order within a few words, and a quoted phrase more', () => {
    const pairs = questionPairs('who named the "axis of evil"', () => 1);
    expect(pairs.length).toBe(3); // named→axis, axis→evil, and axis→evil again for the quotes
    expect(proximity('an axis of evil', pairs)).toBeCloseTo(2 / 3);
    // Out of order counts half ("U.N. ambassador" for "ambassador to the UN"): 2 of 3 pairs × ½.
    expect(proximity('evil axis', pairs)).toBeCloseTo(1 / 3);
    expect(proximity('axis, the budget and the long debate: evil', pairs)).toBe(0); // too far apart
  });
});
