import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-depth-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A word of letters only, different for every n (the analyser keeps it as one term). */
function word(n: number): string {
  let out = 'q';
  for (let k = n + 1; k > 0; k = Math.floor(k / 26)) out += String.fromCharCode(97 + (k % 26));
  return `${out}x`;
}

async function article(slug: string, text: string): Promise<void> {
  const head = `---\ntitle: "Report ${slug}"\ndate: 2020-01-01\nsource: Wire\n---\n\n`;
  await writeFile(path.join(root, `${slug}.md`), `${head}${text}\n`);
}

describe('ask folds near-duplicates over the same hits whatever it built first', () => {
  it('counts stories as folding every hit would, when more than the first hits built fold', async () => {
    // Best first: 290 copies of one story, 3 stories of their own, then 27 copies of another.
    const first = 'Zebra zebra zebra herd crossed the wide river at dawn near the old stone bridge today.';
    const second = 'A zebra foal was seen grazing by the quiet lake beside the northern farm road yesterday.';
    for (let i = 0; i < 290; i++) await article(`a${String(i).padStart(3, '0')}`, first);
    for (let i = 0; i < 3; i++) {
      const own = Array.from({ length: 12 }, (_, k) => word(i * 100 + k)).join(' ');
      await article(`b${i}`, `Zebra zebra ${own}.`);
    }
    for (let i = 0; i < 27; i++) await article(`c${String(i).padStart(3, '0')}`, second);
    const service = new AnswerService(await openArchive({ dataDir: root, cacheFile: false }));
    const answer = service.ask('zebra', { limit: 3 });
    // Five stories: the first, the three of their own, the second.
    expect(answer.total).toBe(5);
    expect(answer.passages.map((p) => p.id.split('#')[0])).toEqual(['a000', 'b0', 'b1']);
  });
});
