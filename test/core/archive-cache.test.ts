import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function copyOfData(): Promise<{ dir: string; cacheFile: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'archivist-cache-'));
  roots.push(root);
  const dir = path.join(root, 'articles');
  await cp('data/articles', dir, { recursive: true });
  return { dir, cacheFile: path.join(root, 'var', 'index.json') };
}

describe('saved index', () => {
  it('is loaded on a restart with unchanged data and answers the same', async () => {
    const { dir, cacheFile } = await copyOfData();
    const built = await openArchive({ dataDir: dir, cacheFile });
    expect(built.build.source).toBe('built');
    expect(built.build.rebuilt).toBe('missing');
    const loaded = await openArchive({ dataDir: dir, cacheFile });
    expect(loaded.build.source).toBe('cache');
    expect(loaded.build.rebuilt).toBeUndefined();
    expect(loaded.build.fingerprint).toBe(built.build.fingerprint);
    const q = 'Will Lee use the Xiaomi phones?';
    const a = new AnswerService(built).ask(q);
    const b = new AnswerService(loaded).ask(q);
    expect(b.passages.map((p) => [p.id, p.score])).toEqual(a.passages.map((p) => [p.id, p.score]));
  });

  it('restores every passage as it was built: same fields in the same order, texts from the bodies', async () => {
    const { dir, cacheFile } = await copyOfData();
    // A heading, an FAQ question and an escaped `#` (whose passage text is not a plain slice of the body).
    await writeFile(
      path.join(dir, 'shapes.md'),
      '---\ntitle: Shapes\ndate: 2025-01-02\nsource: Test\n---\n## Section one\n\nFirst paragraph here.\n\n' +
        'Is this a question?\n\nYes, and this answers it at some length.\n\n\\# not a heading, kept as text\n',
    );
    const built = await openArchive({ dataDir: dir, cacheFile });
    const loaded = await openArchive({ dataDir: dir, cacheFile });
    expect(loaded.build.source).toBe('cache');
    const before = [...built.passages.values()];
    const after = [...loaded.passages.values()];
    expect(after).toStrictEqual(before);
    expect(after.map((p) => Object.keys(p).join())).toEqual(before.map((p) => Object.keys(p).join()));
    const shapes = loaded.bySlug.get('shapes') ?? [];
    expect(shapes.map((p) => [p.heading, p.text])).toEqual([
      ['Section one', 'First paragraph here.'],
      ['Section one', 'Is this a question?\n\nYes, and this answers it at some length.'],
      ['Section one', '# not a heading, kept as text'],
    ]);
  });

  it('is rebuilt when an article changes', async () => {
    const { dir, cacheFile } = await copyOfData();
    await openArchive({ dataDir: dir, cacheFile });
    const file = path.join(dir, 'xi-backdoor-joke-xiaomi-phones.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nA new paragraph about zeppelins.\n`);
    const again = await openArchive({ dataDir: dir, cacheFile });
    expect(again.build.source).toBe('built');
    expect(again.build.rebuilt).toBe('stale');
    expect(new AnswerService(again).ask('zeppelins').passages[0]?.text).toMatch(/zeppelins/);
  });

  it('is rebuilt when the saved file is corrupt', async () => {
    const { dir, cacheFile } = await copyOfData();
    const first = await openArchive({ dataDir: dir, cacheFile });
    const content = await readFile(cacheFile, 'utf8');
    await writeFile(cacheFile, content.slice(0, content.length / 2));
    const again = await openArchive({ dataDir: dir, cacheFile });
    expect(again.build.source).toBe('built');
    expect(again.build.rebuilt).toBe('damaged');
    expect(again.passages.size).toBe(first.passages.size);
    expect((await openArchive({ dataDir: dir, cacheFile })).build.source).toBe('cache');
  });

  it('is rebuilt when the saved index is whole JSON but its arrays are cut short', async () => {
    const { dir, cacheFile } = await copyOfData();
    const first = await openArchive({ dataDir: dir, cacheFile });
    const lines = (await readFile(cacheFile, 'utf8')).split('\n');
    const index = JSON.parse(lines[2] as string) as { ids: string[] };
    index.ids = index.ids.slice(0, -1);
    await writeFile(cacheFile, [lines[0], lines[1], JSON.stringify(index)].join('\n'));
    const again = await openArchive({ dataDir: dir, cacheFile });
    expect(again.build.source).toBe('built');
    expect(again.build.rebuilt).toBe('damaged');
    const service = new AnswerService(again);
    expect(service.ask('lee').total).toBe(new AnswerService(first).ask('lee').total);
  });
});
