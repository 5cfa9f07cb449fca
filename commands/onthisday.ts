import type { Command } from '../src/core/command.js';
import { calendarDateIn, parseCalendarDate } from '../src/core/dates.js';
import { ArchivistError } from '../src/core/errors.js';

export default {
  name: 'onthisday',
  description: 'What the archive holds for this calendar day in earlier years',
  options: [
    { name: 'date', description: 'A day other than today, as YYYY-MM-DD', type: 'string', maxLength: 10 },
  ],
  handler({ options }, { answers }) {
    const raw = typeof options.date === 'string' ? options.date.trim() : '';
    try {
      const date = raw ? parseCalendarDate(raw) : calendarDateIn(answers.clock.now(), 'UTC');
      return { kind: 'onthisday', result: answers.onThisDay(date) };
    } catch (err) {
      if (err instanceof ArchivistError && err.code === 'INPUT_INVALID') {
        return {
          kind: 'notice',
          tone: 'error',
          text: `"${raw}" is not a date. Write it as YYYY-MM-DD, e.g. 2025-11-01.`,
        };
      }
      throw err;
    }
  },
} satisfies Command;
