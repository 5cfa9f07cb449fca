import { renderAnswer } from '../adapters/terminal/render.js';
import { ArchivistError } from '../core/errors.js';
import { runScript } from './script.js';

const USAGE = 'Usage: npm run --silent ask -- [--data DIR] [--json] [--limit N] [--offset N] "question"';

await runScript(USAGE, async ({ values, positionals }, answers) => {
  const question = positionals.join(' ');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const offset = values.offset === undefined ? undefined : Number(values.offset);
  if ((limit !== undefined && !(limit >= 1)) || (offset !== undefined && !(offset >= 0))) {
    throw new ArchivistError('INPUT_INVALID', `--limit must be 1 or more and --offset 0 or more\n${USAGE}`);
  }
  const answer = await answers.ask(question, { ...(limit ? { limit } : {}), ...(offset ? { offset } : {}) });
  if (values.json) return answer;
  return renderAnswer(answer, { color: Boolean(process.stdout.isTTY), width: process.stdout.columns ?? 88 });
});
