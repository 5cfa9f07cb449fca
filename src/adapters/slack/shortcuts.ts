import type { App, MessageShortcut } from '@slack/bolt';
import type { Command } from '../../core/command.js';
import { fromSlackText } from './mrkdwn.js';
import { newRef, type SlackRuntime, userOf } from './runtime.js';
import { actionSurface } from './surfaces.js';

/** The callback id of a command's message shortcut: its menu name in snake case ("find_in_archive"). */
export function shortcutId(cmd: Command): string | undefined {
  const name = cmd.contextMenu?.name;
  return name
    ? name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '')
    : undefined;
}

/**
 * Message shortcuts declared by the commands (`contextMenu`): the message's text runs as the command's
 * option, answered privately through the shortcut's response_url, with Share.
 */
export function registerShortcuts(app: App, rt: SlackRuntime): void {
  for (const cmd of rt.pipeline.services.commands) {
    const id = shortcutId(cmd);
    const menu = cmd.contextMenu;
    if (!id || !menu) continue;
    app.shortcut<MessageShortcut>(
      { callback_id: id, type: 'message_action' },
      async ({ ack, body, respond, client }) => {
        await ack();
        const startedMs = performance.now();
        const ref = newRef();
        const text = fromSlackText(body.message.text ?? '');
        await rt.pipeline.handle(
          {
            platform: 'slack',
            ref,
            startedMs,
            user: await userOf(rt, client, body.user.id),
            channel: { id: body.channel.id },
            trigger: {
              kind: 'command',
              name: cmd.name,
              input: { options: { [menu.option]: text, private: true } },
            },
          },
          actionSurface(rt, respond, false, ref),
        );
      },
    );
  }
}
