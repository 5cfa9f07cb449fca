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
    const loaded = await openArchive({ dataDir: dir, cacheFile });
    expect(loaded.build.source).toBe('cache');
    expect(loaded.build.fingerprint).toBe(built.build.fingerprint);
    const q = 'Will Lee use the Xiaomi phones?';
    const a = new AnswerService(built).ask(q);
    const b = new AnswerService(loaded).ask(q);
    expect(b.passages.map((p) => [p.id, p.score])).toEqual(a.passages.map((p) => [p.id, p.score]));
  });

  it('is rebuilt when an article changes', async () => {
    const { dir, cacheFile } = await copyOfData();
    await openArchive({ dataDir: dir, cacheFile });
    const file = path.join(dir, 'xi-backdoor-joke-xiaomi-phones.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nA new paragraph about zeppelins.\n`);
    const again = await openArchive({ dataDir: dir, cacheFile });
    expect(again.build.source).toBe('built');
    expect(new AnswerService(again).ask('zeppelins').passages[0]?.text).toMatch(/zeppelins/);
  });

  it('is rebuilt when the saved file is corrupt', async () => {
    const { dir, cacheFile } = await copyOfData();
    const first = await openArchive({ dataDir: dir, cacheFile });
    const content = await readFile(cacheFile, 'utf8');
    await writeFile(cacheFile, content.slice(0, content.length / 2));
    const again = await openArchive({ dataDir: dir, cacheFile });
    expect(again.build.source).toBe('built');
    expect(again.passages.size).toBe(first.passages.size);
    expect((await openArchive({ dataDir: dir, cacheFile })).build.source).toBe('cache');
  });
});
