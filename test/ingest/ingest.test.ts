import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { loadArticles } from '../../src/core/articles.js';
import { ingest, writeAtomic } from '../../src/ingest/ingest.js';

const PAGE = `<!doctype html><html><head><title>Xi jokes about a backdoor | The Example Times</title>
<meta property="og:title" content="Xi jokes: 'You can check if there's a backdoor'">
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2025-11-01T09:30:00+09:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.com/news/xi-backdoor">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Xi jokes: 'You can check if there's a backdoor'</h1>
<p>Chinese President Xi Jinping gave South Korean President Lee Jae Myung two Xiaomi phones during their summit in Gyeongju on Saturday, and joked about their security when Lee asked.</p>
<p>Lee, examining a phone still in its packaging, asked whether the communication line was secure. Xi laughed and replied that he could check if there was a backdoor.</p>
<h2>Why it matters</h2>
<p>World leaders rarely speak publicly about espionage. The exchange was widely shared on social media in both countries, with many viewers praising the humour of both men.</p>
</article><footer>Copyright 2025 Example. All rights reserved.</footer></body></html>`;

let root: string;
let input: string;
let out: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'archivist-ingest-'));
  input = path.join(root, 'in');
  out = path.join(root, 'articles');
  await mkdir(input);
  await writeFile(path.join(input, 'page.html'), PAGE);
  await writeFile(
    path.join(input, 'story.txt'),
    'Title: Harbour bridge reopens\nDate: 2024-03-05\nSource: Port Herald\n\nThe harbour bridge reopened on Tuesday\nafter two years of repairs.\n\nTraffic was light in the morning.\n',
  );
  await writeFile(
    path.join(input, '2023-01-02-market.md'),
    '# Fish market moves inland\n\nThe old fish market will move to a new hall next spring, the council said.\n',
  );
  await writeFile(
    path.join(input, 'wire.md'),
    '---\ntitle: "Rail strike: day two"\npublished: March 3, 2020\npublisher: Wire Service\ntags: [rail, strikes]\n---\n\nTrains stood still for a second day.\n',
  );
  await writeFile(
    path.join(input, 'feed.jsonl'),
    [
      JSON.stringify({
        headline: 'Library opens late',
        date: '2022-06-01',
        body: 'The city library will open until 10pm.\nIt starts in July; the constructor of the new wing (a __proto__ of the design) finished early.',
        link: 'https://news.example/library',
      }),
      '{"headline": "broken',
      JSON.stringify({ headline: 'No date here', body: 'Some text that has no date.' }),
      JSON.stringify({ headline: 'Empty', date: '2022-06-02', body: '' }),
      JSON.stringify({
        headline: 'Bad link',
        date: '2022-06-03',
        body: 'A record whose link is not a URL.',
        link: 'javascript:alert(1)',
      }),
    ].join('\n'),
  );
  await writeFile(path.join(input, 'notes.csv'), 'not,an,article\n');
});

async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

describe('ingest', () => {
  it('turns txt, md, jsonl and html into article files that load and answer', async () => {
    const result = await ingest([input], { outDir: out });
    expect(result.written.map((w) => w.slug).sort()).toEqual([
      '2020-03-03-rail-strike-day-two',
      '2022-06-01-library-opens-late',
      '2022-06-03-bad-link',
      '2023-01-02-fish-market-moves-inland',
      '2024-03-05-harbour-bridge-reopens',
      '2025-11-01-xi-jokes-you-can-check-if-there-s-a-backdoor',
    ]);
    expect(result.rejects).toEqual([
      { origin: `${input}/feed.jsonl:2`, reason: expect.stringMatching(/^bad JSON on line 2/) },
      { origin: `${input}/feed.jsonl:3`, reason: expect.stringMatching(/^no date/) },
      { origin: `${input}/feed.jsonl:4`, reason: 'empty text' },
    ]);
    expect(result.ignored).toEqual([path.join(input, 'notes.csv')]);

    const { articles, problems } = await loadArticles(out);
    expect(problems).toEqual([]);
    const by = new Map(articles.map((a) => [a.slug, a]));
    expect(by.get('2025-11-01-xi-jokes-you-can-check-if-there-s-a-backdoor')).toMatchObject({
      title: "Xi jokes: 'You can check if there's a backdoor'",
      source: 'The Example Times',
      author: 'Jane Doe',
      url: 'https://example.com/news/xi-backdoor',
    });
    const page = by.get('2025-11-01-xi-jokes-you-can-check-if-there-s-a-backdoor')?.body ?? '';
    expect(page).toContain('## Why it matters');
    expect(page).not.toMatch(/Home|Copyright/);
    expect(by.get('2024-03-05-harbour-bridge-reopens')).toMatchObject({ source: 'Port Herald' });
    expect(by.get('2024-03-05-harbour-bridge-reopens')?.body).toContain(
      'reopened on Tuesday after two years',
    );
    expect(by.get('2023-01-02-fish-market-moves-inland')).toMatchObject({ source: 'Unknown publisher' });
    expect(by.get('2020-03-03-rail-strike-day-two')).toMatchObject({
      source: 'Wire Service',
      tags: ['rail', 'strikes'],
    });
    expect(by.get('2022-06-03-bad-link')?.url).toBeUndefined();

    const answers = new AnswerService(await openArchive({ dataDir: out, cacheFile: false }));
    // Words that are also Object.prototype keys index like any other word.
    expect(answers.ask('Who was the constructor of the wing?').passages[0]?.text).toMatch(
      /constructor of the new wing/,
    );
    expect(answers.ask('How late will the library open?').passages[0]?.source).toMatchObject({
      slug: '2022-06-01-library-opens-late',
      url: 'https://news.example/library',
    });
  });

  it('skips records whose text is already in the folder, on a second run or within one', async () => {
    await ingest([input], { outDir: out });
    const before = await filesIn(out);
    await writeFile(
      path.join(input, 'copy.txt'),
      'Title: Same story\nDate: 2024-03-06\n\nThe harbour bridge reopened on Tuesday after two years of repairs.\n\nTraffic was light in the morning.',
    );
    const again = await ingest([input], { outDir: out });
    expect(again.written).toEqual([]);
    expect(again.duplicates).toHaveLength(7);
    expect(again.duplicates.find((d) => d.origin.endsWith('copy.txt'))?.of).toBe(
      path.join(out, '2024-03-05-harbour-bridge-reopens.md'),
    );
    expect(await filesIn(out)).toEqual(before);
  });

  it('maps field names, applies --source and --date defaults, and writes nothing in a dry run', async () => {
    const file = path.join(root, 'export.json');
    await writeFile(
      file,
      JSON.stringify({
        items: [{ meta: { name: 'Budget passes' }, when: 1823, content: ['Para one.', 'Para two.'] }],
      }),
    );
    const fields = { title: ['meta.name'], date: ['when'], text: ['content'] };
    const dry = await ingest([file], {
      outDir: out,
      fields,
      partialDates: true,
      source: 'City Desk',
      dryRun: true,
    });
    expect(dry.written).toHaveLength(1);
    await expect(readdir(out)).rejects.toThrow();

    const strict = await ingest([file], { outDir: out, fields });
    expect(strict.rejects[0]?.reason).toMatch(/has no month and day/);
    const done = await ingest([file], { outDir: out, fields, partialDates: true, source: 'City Desk' });
    const text = await readFile(done.written[0]?.path ?? '', 'utf8');
    expect(text).toBe(
      '---\ntitle: Budget passes\ndate: 1823-01-01\nsource: City Desk\n---\n\nPara one.\n\nPara two.\n',
    );
  });

  it('never leaves a partial file: a failed write removes its temporary file', async () => {
    await mkdir(path.join(out, 'taken.md'), { recursive: true });
    await expect(writeAtomic(path.join(out, 'taken.md'), 'text')).rejects.toThrow();
    expect(await filesIn(out)).toEqual(['taken.md']);
    await writeAtomic(path.join(out, 'fine.md'), 'whole');
    expect(await filesIn(out)).toEqual(['fine.md', 'taken.md']);
    expect(await readFile(path.join(out, 'fine.md'), 'utf8')).toBe('whole');
  });
});
