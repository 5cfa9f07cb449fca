import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { type LiveReindex, type ReindexEvent, startLiveReindex } from '../../src/reindex/watch.js';
import { asAnswers } from '../support/services.js';

const article = (title: string, body: string) =>
  `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-05-01\nsource: Test Wire\n---\n\n${body}\n`;

let root = '';
let live: LiveReindex | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('live reindex size limit', () => {
  it('skips the same oversized files as the start did, in the rebuild and in the saved index', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'archivist-reindex-limit-'));
    const dir = path.join(root, 'articles');
    await mkdir(dir);
    await writeFile(path.join(dir, 'ferry.md'), article('Ferry', 'The island ferry runs again from Monday.'));
    const maxArticleBytes = 2048;
    const answers = new AnswerService(await openArchive({ dataDir: dir, cacheFile: false, maxArticleBytes }));
    // Added after the start: the watcher's catch-up rebuild (once ready) is the one swap.
    await writeFile(path.join(dir, 'big.md'), article('Big', 'word '.repeat(600)));
    await writeFile(path.join(dir, 'bridge.md'), article('Bridge', 'The harbour bridge reopened.'));
    const warnings: string[] = [];
    let saved: (e: ReindexEvent) => void = () => {};
    const cacheSaved = new Promise<ReindexEvent>((resolve) => {
      saved = resolve;
    });
    live = startLiveReindex({
      dataDir: dir,
      cacheFile: path.join(root, 'var', 'index.json'),
      answers: asAnswers(answers),
      logger: { info: () => {}, warn: (_f, m) => warnings.push(m), error: () => {} },
      maxArticleBytes,
      debounceMs: 30,
      onEvent: (e) => {
        if (e.type === 'cache-saved') saved(e);
      },
    });
    await live.ready;
    expect([...answers.archive.articles.keys()].sort()).toEqual(['bridge', 'ferry']);
    expect(warnings).toContainEqual(expect.stringMatching(/big\.md:1: is 3 KB, over the 2 KB limit/));
    // The worker saving the index read the folder with the same limit: same articles, same fingerprint.
    expect(await cacheSaved).toEqual({ type: 'cache-saved', fingerprint: answers.archive.build.fingerprint });
  });
});
