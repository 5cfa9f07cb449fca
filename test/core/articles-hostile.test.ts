import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/core/articles.js';
import { killBots, spawnBot } from '../support/spawn-bot.js';

const good = (title: string, body = 'The harbour ferry runs again from Monday.') =>
  `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-05-01\nsource: Test Wire\n---\n\n${body}\n`;

/** "Billion laughs": each line multiplies the one before by nine. */
const ALIAS_BOMB = `---
title: Bomb
date: 2024-05-01
source: Test Wire
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
---

Body.
`;

let root = '';
afterEach(async () => {
  await killBots();
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

/** A folder holding one good article and every kind of bad entry the attack run used. */
async function hostileFolder() {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-hostile-'));
  const dir = path.join(root, 'articles');
  await mkdir(dir);
  await writeFile(path.join(dir, 'ferry.md'), good('Ferry service resumes'));
  const bad = {
    bomb: path.join(dir, 'bomb.md'),
    folder: path.join(dir, 'evil.md'),
    dangling: path.join(dir, 'dead.md'),
    fifo: path.join(dir, 'pipe.md'),
    huge: path.join(dir, 'huge.md'),
  };
  await writeFile(bad.bomb, ALIAS_BOMB);
  await mkdir(bad.folder);
  await symlink(path.join(dir, 'nowhere.md'), bad.dangling);
  execFileSync('mkfifo', [bad.fifo]);
  // Sparse: 200 MB long, nothing on disk, created at once.
  await writeFile(bad.huge, good('Huge'));
  await truncate(bad.huge, 200 * 1024 * 1024);
  return { dir, bad };
}

describe('loadArticles with hostile entries in the folder', () => {
  it('reports each bad entry with its path and loads every other article', async () => {
    const { dir, bad } = await hostileFolder();
    await symlink(path.join(dir, 'ferry.md'), path.join(dir, 'link.md'));
    const { articles, problems } = await loadArticles(dir);
    expect(articles.map((a) => a.slug)).toEqual(['ferry', 'link']);
    const byPath = new Map(problems.map((p) => [p.path, p]));
    expect(byPath.get(bad.bomb)).toMatchObject({ line: 6, message: expect.stringMatching(/YAML aliases/) });
    expect(byPath.get(bad.folder)?.message).toMatch(/is a folder/);
    expect(byPath.get(bad.dangling)?.message).toMatch(/symbolic link to a missing file/);
    expect(byPath.get(bad.fifo)?.message).toMatch(/named pipe/);
    expect(byPath.get(bad.huge)?.message).toBe('is 200 MB, over the 5 MB limit for one article file');
    // A link to a regular file is followed; its slug is the link's name.
    expect(articles[1]?.body).toBe(articles[0]?.body);
    expect(problems).toHaveLength(5);
  });

  it('takes its size limit as an option, checked before reading', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'archivist-limit-'));
    await writeFile(path.join(root, 'a.md'), good('Small'));
    await writeFile(path.join(root, 'b.md'), good('Larger', 'word '.repeat(600)));
    const { articles, problems } = await loadArticles(root, { maxArticleBytes: 1024 });
    expect(articles.map((a) => a.title)).toEqual(['Small']);
    expect(problems).toEqual([
      {
        path: path.join(root, 'b.md'),
        line: 1,
        message: 'is 3 KB, over the 1 KB limit for one article file',
      },
    ]);
  });
});

describe('the bot started on a folder with hostile entries', () => {
  it('starts, answers from the good article and logs each bad path (limit from MAX_ARTICLE_BYTES)', async () => {
    const { dir, bad } = await hostileFolder();
    const bot = spawnBot({
      cwd: root,
      args: ['--data', dir],
      env: {
        WATCH_DATA: 'off',
        MAX_ARTICLE_BYTES: '64KB',
        INDEX_CACHE: path.join(root, 'var', 'index.json'),
        STATE_DB: path.join(root, 'var', 'archivist.db'),
      },
    });
    expect(await bot.ask('When does the ferry run again?')).toMatch(/harbour ferry runs again/);
    for (const p of Object.values(bad)) expect(bot.stderr()).toContain(`skipped ${p}:`);
    expect(bot.stderr()).toContain('huge.md:1: is 200 MB, over the 64 KB limit');
    expect(bot.stderr()).not.toMatch(/unexpected error|EISDIR|ENOENT|\n\s+at /);
  });
});
