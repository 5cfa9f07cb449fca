import type { App, RespondFn, webApi } from '@slack/bolt';
import { parseTextInput } from '../../core/command.js';
import { runCommand } from '../shared/dispatch.js';
import { undeliveredText } from '../shared/text.js';
import { escapeMrkdwn, fromSlackText } from './mrkdwn.js';
import { commandContext, newRef, present, type SlackRuntime, sorry } from './runtime.js';

/**
 * One slash command per command in `commands/` (`/${prefix}${name}`). Acknowledged at once (Slack
 * allows 3 s), then answered through the response_url: privately unless the asker chose otherwise.
 * A refusal (rate limit, restarting) is the acknowledgement itself: private, and no API call.
 */
export function registerSlashCommands(app: App, rt: SlackRuntime): void {
  for (const cmd of rt.commands) {
    app.command(`/${rt.prefix}${cmd.name}`, async ({ command, ack, respond, client }) => {
      const started = performance.now();
      const release = rt.guard.hold();
      try {
        const refusal = release ? rt.guard.limit(command.user_id, command.channel_id) : rt.guard.restarting();
        if (refusal) {
          await ack({ response_type: 'ephemeral', text: escapeMrkdwn(refusal.text) });
          return;
        }
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
          const sent = await rt.guard.deliver(ref, () =>
            respond({ response_type: ephemeral ? 'ephemeral' : 'in_channel', ...msg }),
          );
          if (!sent) {
            await tellUndelivered(rt, respond, client, command, ref);
            return;
          }
          rt.guard.answered(result, started);
          rt.logger.debug({ ...where, kind: result.kind }, 'slash command answered');
        } catch (err) {
          rt.logger.error({ err, ...where }, 'slash command failed');
          rt.guard.metrics?.errors.inc({ platform: 'slack', kind: 'handler' });
          await respond({ response_type: 'ephemeral', text: sorry(ref) }).catch((e: unknown) =>
            rt.logger.warn({ err: e, ref }, 'could not tell the user about the failure'),
          );
        }
      } finally {
        release?.();
      }
    });
  }
}

/**
 * The response_url refused the answer (it does not retry): say so there once more, and if that fails
 * too, through chat.postEphemeral, which goes through the Web API client and its retry policy.
 */
async function tellUndelivered(
  rt: SlackRuntime,
  respond: RespondFn,
  client: webApi.WebClient,
  command: { user_id: string; channel_id: string },
  ref: string,
): Promise<void> {
  const text = escapeMrkdwn(undeliveredText(ref));
  try {
    await respond({ response_type: 'ephemeral', text });
    return;
  } catch {
    // fall through to the Web API
  }
  await client.chat
    .postEphemeral({ channel: command.channel_id, user: command.user_id, text })
    .catch((err: unknown) =>
      rt.logger.warn({ err, ref }, 'could not tell the user about the undelivered answer'),
    );
}
