import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  closestTimeZones,
  localDateIn,
  parseLocalTime,
  suggestTimeZones,
  zonedInstant,
} from '../../src/core/daily/zone.js';
import { addDays, parseCalendarDate } from '../../src/core/dates.js';
import { pausedJob } from '../../src/daily/scheduler.js';

const at = (date: string, hh: number, mm: number, tz: string) =>
  zonedInstant(parseCalendarDate(date), { hour: hh, minute: mm }, tz).toISOString();

describe('zoned instants', () => {
  it('reads a wall time in ordinary zones, including half-hour offsets', () => {
    expect(at('2026-07-01', 9, 0, 'Europe/London')).toBe('2026-07-01T08:00:00.000Z');
    expect(at('2026-01-15', 9, 0, 'Europe/London')).toBe('2026-01-15T09:00:00.000Z');
    expect(at('2026-01-15', 9, 0, 'Asia/Kolkata')).toBe('2026-01-15T03:30:00.000Z');
    expect(at('2026-01-15', 0, 15, 'Asia/Tokyo')).toBe('2026-01-14T15:15:00.000Z');
    expect(at('2026-01-15', 23, 45, 'Pacific/Kiritimati')).toBe('2026-01-15T09:45:00.000Z');
  });

  it('a time skipped by spring-forward happens when the clock jumps; a repeated time at its first occurrence', () => {
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT, so 02:30 does not exist.
    expect(at('2026-03-08', 2, 30, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    // 1 November 2026: 01:30 happens twice (EDT, then EST); the post goes at the first.
    expect(at('2026-11-01', 1, 30, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Santiago jumps at midnight: 00:00 on 6 September 2026 does not exist.
    expect(at('2026-09-06', 0, 0, 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('agrees with croner’s next run for every day around DST changes in several zones', () => {
    const cases: Array<[string, string, string]> = [
      ['America/New_York', '02:30', '2026-03-05'],
      ['America/New_York', '01:30', '2026-10-29'],
      ['Europe/London', '01:30', '2026-03-26'],
      ['Europe/London', '01:30', '2026-10-22'],
      ['Australia/Lord_Howe', '02:15', '2026-10-01'],
      ['Australia/Lord_Howe', '01:45', '2026-04-02'],
      ['America/Santiago', '00:00', '2026-09-03'],
      ['Asia/Kolkata', '09:00', '2026-03-26'],
      ['UTC', '23:59', '2026-03-26'],
    ];
    for (const [tz, time, first] of cases) {
      const job = pausedJob(time, tz);
      const t = parseLocalTime(time);
      if (!t) throw new Error(time);
      // Start just after the previous day's run, and walk 7 days.
      let day = parseCalendarDate(first);
      let from = new Date(zonedInstant(day, t, tz).getTime() + 1000);
      for (let i = 0; i < 7; i++) {
        day = addDays(day, 1);
        const ours = zonedInstant(day, t, tz);
        expect(job.nextRun(from)?.toISOString(), `${tz} ${time} ${JSON.stringify(day)}`).toBe(
          ours.toISOString(),
        );
        // Whatever DST does, the post for a local day happens on that local day.
        expect(localDateIn(ours, tz)).toBe(
          `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`,
        );
        from = new Date(ours.getTime() + 1000);
      }
      job.stop();
    }
  });
});

describe('times and zones people type', () => {
  it('accepts HH:MM and H:MM on a 24-hour clock only', () => {
    expect(parseLocalTime('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseLocalTime('7:05')).toEqual({ hour: 7, minute: 5 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['24:00', '9', '9am', '09:60', '0900', '', '12:5'])
      expect(parseLocalTime(bad)).toBeUndefined();
  });

  it('canonicalises IANA names and refuses offsets and nonsense', () => {
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Asia/Seoul')).toBe('Asia/Seoul');
    // Modern IANA spellings, even where this runtime's ICU knows an older one.
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    for (const bad of ['+02:00', '2', 'Mars/Olympus', '', 'Europe/Londn'])
      expect(canonicalTimeZone(bad)).toBeUndefined();
  });

  it('suggests zones from a city name, the exact city first', () => {
    expect(suggestTimeZones('new york')[0]).toBe('America/New_York');
    expect(suggestTimeZones('paris')[0]).toBe('Europe/Paris');
    expect(suggestTimeZones('kolkata')).toEqual(['Asia/Kolkata']);
    expect(suggestTimeZones('Londn')).toEqual([]);
    expect(suggestTimeZones('', 5)).toHaveLength(5);
    expect(closestTimeZones('Europe/Londn')).toEqual(['Europe/London']);
    expect(closestTimeZones('New York')).toEqual(['America/New_York']);
    expect(closestTimeZones('Xq')).toEqual([]);
  });
});
