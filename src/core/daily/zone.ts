import { formatCalendarDate } from '../dates.js';
import type { CalendarDate } from '../types.js';

/**
 * Wall-clock arithmetic in IANA time zones, with Intl only (no zone database of our own). The rules
 * match croner's for fixed-time jobs, so the instant we compute is the instant croner fires:
 * a time skipped by a DST change happens when the clock jumps forward; a time that occurs twice
 * happens at its first occurrence.
 */

export interface LocalTime {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock at `ms` in `timeZone`, expressed as if it were UTC (so wall times compare as numbers). */
function wallMs(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall + (((ms % 1000) + 1000) % 1000);
}

const HOUR = 3_600_000;

/** The instant the clock in `timeZone` reads `time` on `date` (see the rules above). */
export function zonedInstant(date: CalendarDate, time: LocalTime, timeZone: string): Date {
  const target = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // UTC offsets in force around that day; a zone changes offset at most a few hours either way.
  const offsets = [
    ...new Set([-30, 0, 30].map((h) => wallMs(target + h * HOUR, timeZone) - (target + h * HOUR))),
  ];
  const exact = offsets
    .map((o) => target - o)
    .filter((t) => wallMs(t, timeZone) === target)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // In a gap: find the first instant whose wall clock is past the target, i.e. the jump itself.
  let lo = target - Math.max(...offsets);
  let hi = target - Math.min(...offsets);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The calendar date and time of day at `instant` in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): CalendarDate & LocalTime {
  const w = new Date(wallMs(instant.getTime(), timeZone));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
  };
}

/** The subscriber's local date at `instant`, `YYYY-MM-DD`. */
export function localDateIn(instant: Date, timeZone: string): string {
  return formatCalendarDate(wallClock(instant, timeZone));
}

/** `HH:MM` (or `H:MM`) → LocalTime; undefined for anything else. */
export function parseLocalTime(s: string): LocalTime | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

export function formatLocalTime(t: LocalTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/**
 * Node 20's ICU answers with CLDR's older spellings of some zones; people know (and IANA now uses)
 * the modern ones. Both work with Intl and croner; we show and store the modern name.
 */
const MODERN: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/**
 * The canonical IANA name for a zone Intl accepts ("europe/london" → "Europe/London"), or undefined.
 * UTC offsets like "+02:00" are refused: they have no DST rules, and people mean a place.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const s = name.trim();
  if (!s || /^[+\-\u2212]?\d/.test(s)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone;
    return MODERN[resolved] ?? resolved;
  } catch {
    return undefined;
  }
}

let zoneList: string[] | undefined;

/** Every IANA zone name this runtime knows, plus UTC. */
export function timeZoneNames(): string[] {
  zoneList ??= [
    'UTC',
    ...Intl.supportedValuesOf('timeZone')
      .filter((z) => z !== 'UTC')
      .map((z) => MODERN[z] ?? z),
  ];
  return zoneList;
}

/** Zones whose name contains every word typed ("new york" → America/New_York), best first. */
export function suggestTimeZones(partial: string, limit = 25): string[] {
  const words = partial
    .toLowerCase()
    .split(/[\s/_]+/)
    .filter(Boolean);
  if (words.length === 0) return timeZoneNames().slice(0, limit);
  const norm = (z: string) => z.toLowerCase().replace(/_/g, ' ');
  const hits = timeZoneNames().filter((z) => words.every((w) => norm(z).includes(w)));
  // A city typed in full ranks first: "paris" → Europe/Paris before America/... containing "paris".
  const city = (z: string) => norm(z.split('/').pop() ?? z);
  const phrase = words.join(' ');
  return hits
    .sort((a, b) => Number(city(b) === phrase) - Number(city(a) === phrase) || a.length - b.length)
    .slice(0, limit);
}

/** Zones whose city is within two typos of what was typed ("Europe/Londn" → Europe/London). */
export function closestTimeZones(typed: string, limit = 3): string[] {
  const want = (typed.trim().split('/').pop() ?? '').toLowerCase().replace(/[\s_]+/g, ' ');
  if (want.length < 3) return [];
  const contains = suggestTimeZones(want, limit);
  if (contains.length > 0) return contains;
  return timeZoneNames()
    .map((z) => ({ z, d: editDistance(want, (z.split('/').pop() ?? z).toLowerCase().replace(/_/g, ' ')) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || a.z.localeCompare(b.z))
    .slice(0, limit)
    .map((x) => x.z);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
