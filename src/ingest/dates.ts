import * as chrono from 'chrono-node';

export type DateResult = { date: string } | { error: string };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function ymd(year: number, month: number, day: number, raw: string): DateResult {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || year > 9999 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return { error: `"${raw}" is not a real calendar date` };
  }
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

function partial(year: number, month: number | undefined, raw: string, allow: boolean): DateResult {
  if (!allow) {
    return {
      error: `date "${raw}" has no ${month ? 'day' : 'month and day'} (--partial-dates files it under the first day)`,
    };
  }
  return ymd(year, month ?? 1, 1, raw);
}

/**
 * A publication date as `YYYY-MM-DD`, from what exports and pages write: ISO dates and date-times (the
 * date as written, not shifted to UTC), `YYYY/MM/DD`, `YYYYMMDD`, RFC 2822 and English prose dates
 * ("November 1, 2025"). Numeric day/month orders that could be read both ways are refused rather than guessed.
 */
export function normalizeDate(value: unknown, allowPartial = false): DateResult {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { error: 'invalid date' }
      : { date: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isInteger(value) && value >= 1000 && value <= 9999) {
      return partial(value, undefined, String(value), allowPartial);
    }
    // Epoch timestamps: seconds (10 digits) or milliseconds (13 digits).
    const ms = value > 1e11 ? value : value > 1e8 ? value * 1000 : Number.NaN;
    const d = new Date(ms);
    return Number.isNaN(d.getTime())
      ? { error: `"${value}" is not a date` }
      : { date: d.toISOString().slice(0, 10) };
  }
  if (typeof value !== 'string') return { error: 'no date' };
  const raw = value.trim();
  if (!raw) return { error: 'no date' };

  let m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(raw) ?? /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(raw);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})(?:-(\d{1,2}))?$/.exec(raw);
  if (m) {
    const month = m[2] ? Number(m[2]) : undefined;
    if (month !== undefined && (month < 1 || month > 12))
      return { error: `"${raw}" is not a real calendar date` };
    return partial(Number(m[1]), month, raw, allowPartial);
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a <= 12 && b <= 12 && a !== b) {
      return { error: `date "${raw}" could be day/month or month/day (write it YYYY-MM-DD)` };
    }
    return a > 12 ? ymd(Number(m[3]), b, a, raw) : ymd(Number(m[3]), a, b, raw);
  }
  const parsed = chrono.strict.parse(raw)[0]?.start;
  if (parsed?.isCertain('year') && parsed.isCertain('month') && parsed.isCertain('day')) {
    return ymd(parsed.get('year') ?? 0, parsed.get('month') ?? 0, parsed.get('day') ?? 0, raw);
  }
  return {
    error: `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}" is not a date this importer can read`,
  };
}

/** A date at the start of a file name: `2025-11-01-xi-joke.txt`, `20251101_xi.md`. */
export function dateFromFileName(base: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?![0-9])/.exec(base);
  if (!m) return undefined;
  const r = ymd(Number(m[1]), Number(m[2]), Number(m[3]), m[0]);
  return 'date' in r ? r.date : undefined;
}
