import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ask from '../../commands/ask.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import type { CommandContext } from '../../src/core/command.js';
import { articlePasses, checkFilters, takeInlineFilters } from '../../src/core/filters.js';

const article = (slug: string, date: string, source: string, body: string) =>
  `---\ntitle: "${slug}"\ndate: ${date}\nsource: ${source}\n---\n\n${body}\n`;

let dir = '';
let answers: AnswerService;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-filters-'));
  await writeFile(
    path.join(dir, 'harbour-2023.md'),
    article(
      'harbour-2023',
      '2023-03-10',
      'Harbour Gazette',
      'The quokka census counted 412 quokkas on the island.',
    ),
  );
  await writeFile(
    path.join(dir, 'harbour-2024.md'),
    article(
      'harbour-2024',
      '2024-03-12',
      'Harbour Gazette',
      'The quokka census counted 530 quokkas this spring.',
    ),
  );
  await writeFile(
    path.join(dir, 'wire-2024.md'),
    article('wire-2024', '2024-06-01', 'Reuters', 'A quokka census by rangers found 498 quokkas.'),
  );
  answers = new AnswerService(await openArchive({ dataDir: dir, cacheFile: false }), { defaultLimit: 5 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ctx = () => ({ answers }) as unknown as CommandContext;
const slugs = (a: { passages: Array<{ source: { slug: string } }> }) =>
  a.passages.map((p) => p.source.slug).sort();

describe('date and publisher filters', () => {
  it('takes inline filters out of a typed question', () => {
    expect(takeInlineFilters('quokka census after:2024-01-01 source:"Harbour Gazette"')).toEqual({
      question: 'quokka census',
      filters: { from: '2024-01-01', source: 'Harbour Gazette' },
    });
    expect(takeInlineFilters('before:2023-12-31 how many quokkas source:Reuters')).toEqual({
      question: 'how many quokkas',
      filters: { to: '2023-12-31', source: 'Reuters' },
    });
  });

  it('answers only within the dates and the publisher, and says so when nothing there matches', () => {
    expect(slugs(answers.ask('quokka census'))).toEqual(['harbour-2023', 'harbour-2024', 'wire-2024']);
    expect(slugs(answers.ask('quokka census', { filters: { from: '2024-01-01' } }))).toEqual([
      'harbour-2024',
      'wire-2024',
    ]);
    expect(slugs(answers.ask('quokka census', { filters: { to: '2023-12-31' } }))).toEqual(['harbour-2023']);
    const reuters = answers.ask('quokka census', { filters: { source: 'reuters' } });
    expect(slugs(reuters)).toEqual(['wire-2024']);
    expect(reuters.total).toBe(1);
    const none = answers.ask('quokka census', { filters: { source: 'Reuters', to: '2023-12-31' } });
    expect(none).toMatchObject({ total: 0, reason: 'no-match-in-filters' });
  });

  it('through /ask: option fields and inline filters, a bad date refused with the form to use', async () => {
    const viaOptions = await ask.handler(
      { options: { question: 'quokka census', source: 'Harbour Gazette', from: '2024-01-01' } },
      ctx(),
    );
    expect(viaOptions.kind === 'answer' && slugs(viaOptions.answer)).toEqual(['harbour-2024']);
    const inline = await ask.handler({ options: { question: 'quokka census before:2023-12-31' } }, ctx());
    expect(inline.kind === 'answer' && slugs(inline.answer)).toEqual(['harbour-2023']);
    expect(await ask.handler({ options: { question: 'quokka', from: '2024-13-01' } }, ctx())).toEqual({
      kind: 'notice',
      tone: 'error',
      text: '"2024-13-01" is not a date. Write it as YYYY-MM-DD, e.g. 2025-11-01.',
    });
    expect(
      await ask.handler({ options: { question: 'quokka after:2025-01-01 before:2024-01-01' } }, ctx()),
    ).toMatchObject({
      kind: 'notice',
      text: expect.stringContaining('is empty'),
    });
  });

  it('suggests publishers for the source option, most articles first', () => {
    expect(answers.sources('')).toEqual(['Harbour Gazette', 'Reuters']);
    expect(answers.sources('reu')).toEqual(['Reuters']);
  });

  it('a date range keeps exactly the articles inside it (property)', () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (a, b, d) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const f = checkFilters({ from, to });
        expect(articlePasses({ date: d, source: 'X' }, f)).toBe(d >= from && d <= to);
      }),
    );
  });
});
