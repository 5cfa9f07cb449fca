import type { App, BlockAction } from '@slack/bolt';
import type { ButtonAction, Trigger } from '../../pipeline/events.js';
import { ACTION, parseButtonValue } from './action-ids.js';
import { newRef, type SlackRuntime, userOf } from './runtime.js';
import { actionSurface } from './surfaces.js';

/** The pipeline trigger of a click: the button's session and offset, or the command an article choice types. */
function triggerOf(actionId: string, value: string | undefined): Trigger | undefined {
  if (actionId.startsWith(`${ACTION.article}_`)) return value ? { kind: 'text', text: value } : undefined;
  const parsed = parseButtonValue(value);
  if (!parsed) return undefined;
  const session = parsed.sessionId;
  const action: ButtonAction | undefined =
    actionId === ACTION.more
      ? { kind: 'more', session, offset: parsed.offset }
      : actionId === ACTION.share
        ? { kind: 'share', session, offset: parsed.offset }
        : actionId === ACTION.voteUp || actionId === ACTION.voteDown
          ? { kind: 'vote', session, vote: actionId === ACTION.voteUp ? 'up' : 'down' }
          : undefined;
  return action ? { kind: 'button', action } : undefined;
}

/** Button clicks: More results, Share in channel, 👍/👎 and article choices. */
export function registerActions(app: App, rt: SlackRuntime): void {
  const ids = new RegExp(
    `^(?:${[ACTION.more, ACTION.share, ACTION.voteUp, ACTION.voteDown].join('|')}|${ACTION.article}_\\d+)$`,
  );
  app.action<BlockAction>(ids, async ({ ack, body, respond, client }) => {
    await ack();
    const startedMs = performance.now();
    const ref = newRef();
    const action = body.actions[0];
    const value = action && 'value' in action ? action.value : undefined;
    const clickedPrivate = body.container?.is_ephemeral === true;
    const surface = actionSurface(rt, respond, clickedPrivate, ref);
    const trigger = triggerOf(action?.action_id ?? '', value);
    if (!trigger) {
      await surface.replyPrivately('info', 'This button no longer works. Please ask again.');
      return;
    }
    const channelId = body.channel?.id ?? body.container?.channel_id;
    await rt.pipeline.handle(
      {
        platform: 'slack',
        ref,
        startedMs,
        user: await userOf(rt, client, body.user.id),
        ...(channelId ? { channel: { id: channelId } } : {}),
        trigger: trigger.kind === 'button' ? { ...trigger, clickedPrivate } : trigger,
      },
      surface,
    );
  });
}
