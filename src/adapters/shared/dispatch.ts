import type { Command, CommandContext, CommandInput, CommandResult } from '../../core/command.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../observability/metrics.js';

/**
 * Runs a command's handler; an exception becomes a short error notice for the user and a log line
 * with `ref` (interaction id, event id…) so the process keeps serving everyone else.
 */
export async function runCommand(
  cmd: Command,
  input: CommandInput,
  ctx: CommandContext,
  logger: Logger,
  ref: string,
): Promise<CommandResult> {
  try {
    return await cmd.handler(input, ctx);
  } catch (err) {
    logger.error({ err, command: cmd.name, ref, platform: ctx.platform }, 'command failed');
    // Typed, not imported: the terminal bot needs no prom-client.
    (ctx.services.metrics as Metrics | undefined)?.errors.inc({ platform: ctx.platform, kind: 'handler' });
    return {
      kind: 'notice',
      tone: 'error',
      text: `Something went wrong while answering (ref ${ref}). Please try again.`,
    };
  }
}
