import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadArticles, parseArticle, slugFromFile } from '../../src/core/articles.js';
import { ArchivistError } from '../../src/core/errors.js';

const good = (title: string, extra = '') =>
  `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-02-29\nsource: Test Wire\n${extra}---\n\nFirst paragraph.\n\nSecond one.\n`;

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'archivist-articles-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

describe('loading the bundled articles', () => {
  it('loads both with honest front matter', async () => {
    const { articles, problems } = await loadArticles('data/articles');
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.slug).sort()).toEqual([
      'xi-backdoor-joke-xiaomi-phones',
      'xi-espionage-joke-explainer',
    ]);
    for (const a of articles) {
      expect(a.date).toBe('2025-11-01');
      expect(a.source).toBe('Unknown publisher');
      expect(a.url).toBeUndefined();
    }
  });

  it('keeps the words of the articles exactly as handed over', async () => {
    const { readFile } = await import('node:fs/promises');
    const { articles } = await loadArticles('data/articles');
    const originals = ['000_f55b13da45377f24.txt', '001_516469d28d0b15a1.txt'].map((f) =>
      readFile(path.join('..', 'shared', 'articles', f), 'utf8').catch(() => undefined),
    );
    const texts = await Promise.all(originals);
    if (texts.some((t) => t === undefined)) return; // shared/ is beside the checkout in CI and sessions
    const words = (s: string) => s.replace(/^## /gm, '').split(/\s+/).filter(Boolean);
    const bodies = articles.map((a) => words(a.body).join(' ')).sort();
    expect(bodies).toEqual(texts.map((t) => words(t ?? '').join(' ')).sort());
  });
});

describe('parseArticle', () => {
  it('reads front matter and body', () => {
    const a = parseArticle(
      'data/x/2024 Leap Day.md',
      good('Leap day', 'url: https://example.org/a\ntags: [a, b]\n'),
    );
    expect(a).toMatchObject({
      slug: '2024-leap-day',
      title: 'Leap day',
      date: '2024-02-29',
      source: 'Test Wire',
    });
    expect(a.url).toBe('https://example.org/a');
    expect(a.tags).toEqual(['a', 'b']);
    expect(a.body.trim().startsWith('First paragraph.')).toBe(true);
    expect(a.bodyLine).toBe(8);
  });

  const cases: Array<[string, string, number, RegExp]> = [
    ['no front matter', 'Just text\n', 1, /front matter/],
    ['unclosed', '---\ntitle: x\n', 1, /not closed/],
    ['missing title', '---\ndate: 2024-01-01\nsource: S\n---\nbody', 4, /missing required field "title"/],
    ['bad date', '---\ntitle: T\ndate: 2024-13-01\nsource: S\n---\nbody', 3, /field "date"/],
    [
      'impossible date',
      '---\ntitle: T\ndate: 2023-02-29\nsource: S\n---\nbody',
      3,
      /not a real calendar date/,
    ],
    ['bad yaml', '---\ntitle: T\ndate: 2024-01-01\nsource: S: x\n---\nbody', 4, /not valid YAML/],
    ['bad url', '---\ntitle: T\ndate: 2024-01-01\nsource: S\nurl: not a url\n---\nbody', 5, /field "url"/],
  ];
  it.each(cases)('%s is reported with its line', (_name, content, line, message) => {
    try {
      parseArticle('data/articles/bad.md', content);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ArchivistError);
      expect((err as ArchivistError & { line: number }).line).toBe(line);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain(`data/articles/bad.md:${line}`);
    }
  });

  it.each(cases)(
    '%s is reported on the same line when saved with CRLF line endings',
    (_n, lf, line, message) => {
      const content = lf.replace(/\n/g, '\r\n');
      expect(() => parseArticle('bad.md', content)).toThrow(message);
      expect(() => parseArticle('bad.md', content)).toThrow(`bad.md:${line}:`);
    },
  );

  it('reads a file saved with CRLF line endings and a byte-order mark like its LF twin', () => {
    const lf = good('Leap day', 'tags: [a, b]\n');
    const crlf = parseArticle('x.md', `\uFEFF${lf.replace(/\n/g, '\r\n')}`);
    expect(crlf).toEqual(parseArticle('x.md', lf));
    expect(crlf.body).not.toContain('\r');
  });

  it('never throws anything but a located ArchivistError, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (junk, fenced) => {
        const content = fenced ? `---\n${junk}\n---\nbody` : junk;
        try {
          const a = parseArticle('x.md', content);
          expect(a.title.length).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(ArchivistError);
          const line = (err as { line: number }).line;
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(content.split('\n').length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadArticles', () => {
  it('reports a broken file with its path and line, and loads the others', async () => {
    const dir = await folder({
      'a.md': good('Alpha'),
      'b.md': '---\ntitle: Beta\nsource: S\n---\nno date',
      'c.md': good('Gamma'),
      'notes.txt': 'ignored',
    });
    const { articles, problems } = await loadArticles(dir);
    expect(articles.map((a) => a.title)).toEqual(['Alpha', 'Gamma']);
    expect(problems).toEqual([
      { path: path.join(dir, 'b.md'), line: 4, message: 'missing required field "date"' },
    ]);
  });

  it('loads CRLF files, with the right line in their problems', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const dir = await folder({
      'a.md': crlf(good('Alpha')),
      'b.md': crlf('---\ntitle: Beta\ndate: 2024-01-01\nsource: S\nurl: nope\n---\nbody'),
    });
    const { articles, problems } = await loadArticles(dir);
    expect(articles.map((a) => [a.title, a.bodyLine])).toEqual([['Alpha', 6]]);
    expect(problems).toMatchObject([{ path: path.join(dir, 'b.md'), line: 5 }]);
  });

  it('reports duplicate slugs and keeps the first', async () => {
    const dir = await folder({ 'Same Name.md': good('One'), 'same-name.md': good('Two') });
    const { articles, problems } = await loadArticles(dir);
    expect(articles).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/duplicate slug "same-name"/);
  });

  it('names a missing folder clearly', async () => {
    await expect(loadArticles('/nonexistent/archivist')).rejects.toMatchObject({ code: 'DATA_DIR_MISSING' });
  });

  it('makes stable slugs', () => {
    expect(slugFromFile('/x/Café  Crème!.md')).toBe('cafe-creme');
  });
});
