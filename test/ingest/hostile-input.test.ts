import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/core/articles.js';
import { ingest } from '../../src/ingest/ingest.js';

const STORY = 'Title: Ferry service resumes\nDate: 2024-05-01\n\nThe island ferry runs again from Monday.\n';
const record = (title: string, text: string) => JSON.stringify({ title, date: '2024-05-01', text });

let root = '';
let input = '';
let out = '';
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-hostile-ingest-'));
  input = path.join(root, 'in');
  out = path.join(root, 'articles');
  await mkdir(input);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const put = async (name: string, content: string | Buffer) => {
  const file = path.join(input, name);
  await writeFile(file, content);
  return file;
};
const reasons = (r: { rejects: Array<{ origin: string; reason: string }> }) =>
  Object.fromEntries(r.rejects.map((x) => [path.basename(x.origin), x.reason]));

describe('ingest size limits', () => {
  it('refuses a 200 MB article file by its size, before reading it, and imports the others', async () => {
    await put('good.txt', STORY);
    for (const name of ['huge.txt', 'huge.md', 'huge.html']) {
      // Sparse: 200 MB long but created at once; real text first, so only the size can refuse it.
      await truncate(await put(name, STORY.replace('Ferry', name)), 200 * 1024 * 1024);
    }
    const started = performance.now();
    const result = await ingest([input], { outDir: out });
    expect(performance.now() - started).toBeLessThan(2000);
    const limit = 'is 200 MB, over the 5 MB limit for one article (MAX_ARTICLE_BYTES)';
    expect(reasons(result)).toEqual({ 'huge.txt': limit, 'huge.md': limit, 'huge.html': limit });
    expect(result.written.map((w) => w.slug)).toEqual(['2024-05-01-ferry-service-resumes']);
  });

  it('refuses a .json file and a .jsonl line over the JSON limit, and an article over the article limit', async () => {
    const big = 'word '.repeat(500);
    await put('export.json', `[${record('One', big)},${record('Two', big)}]`);
    await put('feed.jsonl', [record('Small', 'Short text.'), record('Long', big.repeat(2)), ''].join('\n'));
    await put('feed2.jsonl', `${record('Medium', big)}\n`);
    const result = await ingest([input], { outDir: out, maxJsonImportBytes: 4096, maxArticleBytes: 2048 });
    expect(reasons(result)).toEqual({
      'export.json': expect.stringMatching(/^is 5 KB, over the 4 KB limit for a \.json file .*\.jsonl/),
      'feed.jsonl:2': 'line 2 is 4.9 KB, over the 4 KB limit for one JSON record (MAX_JSON_IMPORT_BYTES)',
      'feed2.jsonl:1': 'the article is 2.5 KB, over the 2 KB limit for one article (MAX_ARTICLE_BYTES)',
    });
    expect(result.written.map((w) => w.slug)).toEqual(['2024-05-01-small']);
    const loaded = await loadArticles(out, { maxArticleBytes: 2048 });
    expect(loaded).toMatchObject({ problems: [], articles: [{ title: 'Small' }] });
  });

  it('is not held up by a FIFO or a folder named .md in the output folder', async () => {
    await mkdir(path.join(out, 'evil.md'), { recursive: true });
    execFileSync('mkfifo', [path.join(out, 'pipe.md')]);
    await put('good.txt', STORY);
    const result = await ingest([input], { outDir: out });
    expect(result.written).toHaveLength(1);
  });
});

describe('ingest of binary input', () => {
  it('refuses random bytes, other encodings and control characters, whatever the extension', async () => {
    await put('good.txt', STORY);
    const noise = randomBytes(4096);
    const noNul = Buffer.from(noise.map((b) => b || 1));
    for (const ext of ['md', 'txt', 'html', 'json', 'jsonl']) await put(`noise.${ext}`, noise);
    await put('latin1.md', noNul);
    await put(
      'controls.txt',
      `Title: Odd\nDate: 2024-05-01\n\n${'text \u0001\u0002\u0003\u001b '.repeat(50)}`,
    );
    const result = await ingest([input], { outDir: out });
    const r = reasons(result);
    for (const ext of ['md', 'txt', 'html', 'json', 'jsonl']) expect(r[`noise.${ext}`]).toMatch(/^is binary/);
    expect(r['latin1.md']).toMatch(/^is not UTF-8 text/);
    expect(r['controls.txt']).toMatch(/^is binary, not text \(\d+ control characters/);
    expect(result.written.map((w) => w.slug)).toEqual(['2024-05-01-ferry-service-resumes']);
  });

  it('accepts UTF-8 text whose sniffed start ends inside a character, and refuses a bad .jsonl line', async () => {
    // 'é' (2 bytes) straddles byte 8192, where the sniff of a .jsonl file stops.
    const pad = 'a'.repeat(8191 - '{"title":"P","date":"2024-05-01","text":"'.length);
    const first = `{"title":"P","date":"2024-05-01","text":"${pad}é and more"}`;
    const bad = Buffer.from(`${record('Q', 'caf\u00e9')}\n`, 'latin1');
    await put('feed.jsonl', Buffer.concat([Buffer.from(`${first}\n`), bad]));
    const result = await ingest([input], { outDir: out });
    expect(reasons(result)).toEqual({ 'feed.jsonl:2': 'line 2 is not UTF-8 text' });
    expect(result.written.map((w) => w.slug)).toEqual(['2024-05-01-p']);
  });

  it('refuses a YAML alias bomb in front matter instead of crashing', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [k, v] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ])
      bomb.push(`${k}: &${k} [${Array(9).fill(`*${v}`).join(', ')}]`);
    await put('bomb.md', `---\ntitle: Bomb\ndate: 2024-05-01\n${bomb.join('\n')}\n---\n\nBody.\n`);
    const result = await ingest([input], { outDir: out });
    expect(reasons(result)['bomb.md']).toMatch(/front matter cannot be used: Excessive alias count/);
    expect(result.written).toEqual([]);
  });
});
