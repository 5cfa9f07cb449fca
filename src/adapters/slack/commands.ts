import type { App } from '@slack/bolt';
import { parseTextInput } from '../../core/command.js';
import { runCommand } from '../shared/dispatch.js';
import { fromSlackText } from './mrkdwn.js';
import { commandContext, newRef, present, type SlackRuntime, sorry } from './runtime.js';

/**
 * One slash command per command in `commands/` (`/${prefix}${name}`). Acknowledged at once (Slack
 * allows 3 s), then answered through the response_url: privately unless the asker chose otherwise.
 */
export function registerSlashCommands(app: App, rt: SlackRuntime): void {
  for (const cmd of rt.commands) {
    app.command(`/${rt.prefix}${cmd.name}`, async ({ command, ack, respond, client }) => {
      await ack();
      const ref = newRef();
      const where = { command: cmd.name, user: command.user_id, channel: command.channel_id, ref };
      try {
        const input = parseTextInput(cmd, fromSlackText(command.text ?? ''));
        const ctx = await commandContext(rt, client, command.user_id, {
          id: command.channel_id,
          ...(command.channel_name ? { name: command.channel_name } : {}),
        });
        const result = await runCommand(cmd, input, ctx, rt.logger, ref);
        const ephemeral = !(result.kind === 'answer' && result.private === false);
        const msg = present(rt, result, { ephemeral }, ref);
        await respond({ response_type: ephemeral ? 'ephemeral' : 'in_channel', ...msg });
        rt.logger.debug({ ...where, kind: result.kind }, 'slash command answered');
      } catch (err) {
        rt.logger.error({ err, ...where }, 'slash command failed');
        await respond({ response_type: 'ephemeral', text: sorry(ref) }).catch((e: unknown) =>
          rt.logger.warn({ err: e, ref }, 'could not tell the user about the failure'),
        );
      }
    });
  }
}
