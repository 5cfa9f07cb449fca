import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/core/answer-service.js';
import { answersOver, tempDir } from './helpers.js';

let answers: AnswerService;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempDir();
  cleanup = t.cleanup;
  answers = await answersOver(t.dir);
});
afterAll(() => cleanup());

describe('on this day: what is selected', () => {
  it('lists articles published on this day in earlier years and dates mentioned in the text, newest first', () => {
    const r = answers.onThisDay('2026-11-01');
    expect(r.date).toBe('2026-11-01');
    expect(r.nearest).toBeUndefined();
    expect(r.items.map((i) => [i.slug, i.kind, i.date, i.yearsAgo])).toEqual([
      ['ferry-retrospective', 'mentioned', '2019-11-01', 7],
      ['harbour-bridge-opens', 'published', '2016-11-01', 10],
    ]);
    // A mentioned date comes with the passage that mentions it, not the article's opening.
    expect(r.items[0]?.passage.text).toContain('On Friday, November 1, 2019, the last scheduled crossing');
    expect(r.items[0]?.passage.source.title).toBe('Ten years of the island ferry, remembered');
    expect(r.items[1]?.passage.text).toMatch(/^The new harbour bridge opened/);
  });

  it('never counts the current year or later as an anniversary', () => {
    expect(answers.onThisDay('2016-11-01').items).toEqual([]);
    expect(answers.onThisDay('2019-11-01').items.map((i) => i.slug)).toEqual(['harbour-bridge-opens']);
  });

  it('never turns a bare year or a relative day into a date', () => {
    // "in 2009", "Back in 2016" and "Last Tuesday" are in the ferry article: none may match any day.
    for (const day of ['2026-01-01', '2026-05-10', '2026-12-31']) {
      const items = answers.onThisDay(day).items.filter((i) => i.kind === 'mentioned');
      expect(items).toEqual([]);
    }
    // The article's own publication date still counts as published.
    expect(answers.onThisDay('2026-05-10').items.map((i) => [i.slug, i.kind])).toEqual([
      ['ferry-retrospective', 'published'],
    ]);
  });

  it('keeps 29 February on 28 February in common years, and on the 29th in leap years', () => {
    const common = answers.onThisDay('2027-02-28');
    expect(common.items.map((i) => [i.slug, i.kind, i.date, i.yearsAgo])).toEqual([
      ['leap-day-budget', 'published', '2024-02-29', 3],
      ['ferry-retrospective', 'mentioned', '2020-02-29', 7],
    ]);
    expect(common.items[1]?.passage.text).toContain('29 February 2020');
    const leap = answers.onThisDay('2028-02-29');
    expect(leap.items.map((i) => [i.slug, i.yearsAgo])).toEqual([
      ['leap-day-budget', 4],
      ['ferry-retrospective', 8],
    ]);
    // In a leap year 28 February is its own day: the leap-day stories wait for the 29th.
    expect(answers.onThisDay('2028-02-28').items).toEqual([]);
  });

  it('shows nothing on an empty day unless the nearest-anniversary window is set, and labels it', () => {
    expect(answers.onThisDay('2026-11-02')).toEqual({ date: '2026-11-02', items: [] });
    const near = answers.onThisDay('2026-11-05', { nearestWithinDays: 3 });
    expect(near.nearest).toEqual({ date: '2026-11-03', daysAway: -2 });
    expect(near.items.map((i) => [i.slug, i.yearsAgo])).toEqual([['storm-warning', 1]]);
    expect(answers.onThisDay('2026-11-08', { nearestWithinDays: 3 }).items).toEqual([]);
  });

  it('finds the bundled articles’ 1 November 2025 story through the npm script', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'onthisday', '--', '--json', '--date', '2026-11-01'],
      { env: { ...process.env, INDEX_CACHE: 'off', LOG_LEVEL: 'silent' } },
    );
    const result = JSON.parse(stdout) as {
      date: string;
      items: Array<{ date: string; yearsAgo: number; title: string }>;
    };
    expect(result.date).toBe('2026-11-01');
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((i) => i.date === '2025-11-01' && i.yearsAgo === 1)).toBe(true);
    expect(result.items.map((i) => i.title).join(' ')).toContain('Xi');
  });
});
