import { createAnswers } from '../answers.js';
import { loadConfig } from '../config/index.js';
import type { Answers } from '../core/answers-port.js';
import { ArchivistError } from '../core/errors.js';
import { createLogger } from '../logger.js';
import { parseCliArgs } from './args.js';

export type CliArgs = ReturnType<typeof parseCliArgs>;

/**
 * Shared frame of the `ask` and `onthisday` scripts: flags, config, the answer service, and errors as
 * one clear line on stderr with exit code 1 (2 for bad usage). With --json, stdout holds exactly one
 * JSON object; logs go to stderr.
 */
export async function runScript(
  usage: string,
  body: (args: CliArgs, answers: Answers) => unknown,
): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`archivist: ${(err as Error).message}\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  try {
    const config = loadConfig({
      overrides: args.values.data ? { DATA_DIR: String(args.values.data) } : {},
      // One question answered and gone: starting search threads costs more than they save.
      defaults: { SEARCH_WORKERS: '0' },
    });
    // Scripts print skipped files as plain lines; the log only carries errors.
    const logger = createLogger({ level: 'error', pretty: false });
    const answers = await createAnswers(config, logger);
    for (const p of answers.problems())
      process.stderr.write(`archivist: skipped ${p.path}:${p.line}: ${p.message}\n`);
    const out = await body(args, answers);
    process.stdout.write(typeof out === 'string' ? `${out}\n` : `${JSON.stringify(out, null, 2)}\n`);
  } catch (err) {
    if (err instanceof ArchivistError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.code === 'INPUT_INVALID' ? 2 : 1;
      return;
    }
    throw err;
  }
}
