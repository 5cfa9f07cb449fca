import { describe, expect, it } from 'vitest';
import { dateFromFileName, normalizeDate } from '../../src/ingest/dates.js';

describe('publication dates', () => {
  it.each([
    ['2025-11-01', '2025-11-01'],
    ['2025-11-01T23:30:00-05:00', '2025-11-01'],
    ['2025/11/1', '2025-11-01'],
    ['20251101', '2025-11-01'],
    ['Sat, 01 Nov 2025 10:00:00 GMT', '2025-11-01'],
    ['November 1, 2025', '2025-11-01'],
    ['1 November 2025', '2025-11-01'],
    ['25/12/2024', '2024-12-25'],
  ])('reads %s', (input, expected) => {
    expect(normalizeDate(input)).toEqual({ date: expected });
  });

  it('refuses what it would have to guess', () => {
    expect(normalizeDate('03/04/2025')).toMatchObject({
      error: expect.stringMatching(/day\/month or month\/day/),
    });
    expect(normalizeDate('2025-02-30')).toMatchObject({
      error: expect.stringMatching(/not a real calendar date/),
    });
    expect(normalizeDate('last Tuesday')).toMatchObject({ error: expect.stringMatching(/not a date/) });
    expect(normalizeDate('')).toEqual({ error: 'no date' });
  });

  it('accepts a bare year or month only when asked to', () => {
    expect(normalizeDate(1823)).toMatchObject({ error: expect.stringMatching(/--partial-dates/) });
    expect(normalizeDate(1823, true)).toEqual({ date: '1823-01-01' });
    expect(normalizeDate('2024-07', true)).toEqual({ date: '2024-07-01' });
  });

  it('finds a date at the start of a file name', () => {
    expect(dateFromFileName('2025-11-01-xi.txt')).toBe('2025-11-01');
    expect(dateFromFileName('20251101_xi.md')).toBe('2025-11-01');
    expect(dateFromFileName('xi-2025-11-01.md')).toBeUndefined();
  });
});
