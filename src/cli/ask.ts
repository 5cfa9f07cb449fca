import { renderAnswer } from '../adapters/terminal/render.js';
import { ArchivistError } from '../core/errors.js';
import { checkFilters, hasFilters, takeInlineFilters } from '../core/filters.js';
import { runScript } from './script.js';

const USAGE =
  'Usage: npm run --silent ask -- [--data DIR] [--json] [--limit N] [--offset N] "question [after:YYYY-MM-DD] [before:YYYY-MM-DD] [source:"…"]"';

await runScript(USAGE, async ({ values, positionals }, answers) => {
  // after:, before: and source: work here as in the chat and the terminal bot.
  const { question, filters: inline } = takeInlineFilters(positionals.join(' '));
  const filters = checkFilters(inline);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const offset = values.offset === undefined ? undefined : Number(values.offset);
  if ((limit !== undefined && !(limit >= 1)) || (offset !== undefined && !(offset >= 0))) {
    throw new ArchivistError('INPUT_INVALID', `--limit must be 1 or more and --offset 0 or more\n${USAGE}`);
  }
  const answer = await answers.ask(question, {
    ...(limit ? { limit } : {}),
    ...(offset ? { offset } : {}),
    ...(hasFilters(filters) ? { filters } : {}),
  });
  if (values.json) return answer;
  return renderAnswer(answer, { color: Boolean(process.stdout.isTTY), width: process.stdout.columns ?? 88 });
});
