import type { App } from '@slack/bolt';
import { settlesWithin } from '../../pipeline/settles.js';
import { fromSlackText } from './mrkdwn.js';
import { newRef, type SlackRuntime, userOf } from './runtime.js';
import { commandSurface } from './surfaces.js';

/**
 * One slash command per command definition (`/${prefix}${name}`), its text parsed by the pipeline's
 * one text parser as if typed `/${name} …`.
 */
export function registerSlashCommands(app: App, rt: SlackRuntime): void {
  for (const cmd of rt.pipeline.services.commands) {
    app.command(`/${rt.prefix}${cmd.name}`, async ({ command, ack, respond, client }) => {
      const startedMs = performance.now();
      const ref = newRef();
      const surface = commandSurface(
        rt,
        { ack, respond, client },
        { channel: command.channel_id, user: command.user_id },
        ref,
      );
      // The admin lookup is a users.info call (cached): acknowledge first if it is slow.
      const lookup = userOf(rt, client, command.user_id);
      if (!(await settlesWithin(lookup, 1000))) await surface.defer?.run('private');
      const user = await lookup;
      await rt.pipeline.handle(
        {
          platform: 'slack',
          ref,
          startedMs,
          user,
          channel: {
            id: command.channel_id,
            ...(command.channel_name ? { name: command.channel_name } : {}),
          },
          trigger: { kind: 'text', text: `/${cmd.name} ${fromSlackText(command.text ?? '')}` },
        },
        surface,
      );
    });
  }
}
