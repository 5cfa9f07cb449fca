import { renderResult } from '../adapters/terminal/render.js';
import { calendarDateIn, parseCalendarDate } from '../core/dates.js';
import { runScript } from './script.js';

const USAGE = 'Usage: npm run --silent onthisday -- [--data DIR] [--json] [--date YYYY-MM-DD]';

await runScript(USAGE, async ({ values }, answers) => {
  const date = values.date
    ? parseCalendarDate(String(values.date))
    : calendarDateIn(answers.clock.now(), 'UTC');
  const result = await answers.onThisDay(date);
  if (values.json) return result;
  return renderResult(
    { kind: 'onthisday', result },
    { color: Boolean(process.stdout.isTTY), width: process.stdout.columns ?? 88 },
  );
});
