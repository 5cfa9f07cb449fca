import type { App, BlockAction, RespondFn, webApi } from '@slack/bolt';
import type { Vote } from '../../core/state.js';
import { runCommand } from '../shared/dispatch.js';
import { RESTARTING_TEXT, undeliveredText } from '../shared/text.js';
import { ACTION, parseButtonValue } from './action-ids.js';
import type { SlackMessage } from './limits.js';
import { commandContext, feedbackStore, newRef, present, type SlackRuntime, sorry } from './runtime.js';

const EXPIRED =
  'That answer has expired (I keep recent answers only, and forget them when restarted). Please ask again.';

interface Click {
  body: BlockAction;
  value: string | undefined;
  userId: string;
  channelId: string;
  /** The clicked message is the asker's private copy (so it may be replaced or deleted). */
  ephemeral: boolean;
}

function click(body: BlockAction): Click {
  const action = body.actions[0];
  return {
    body,
    value: action && 'value' in action ? action.value : undefined,
    userId: body.user.id,
    channelId: body.channel?.id ?? body.container?.channel_id ?? '',
    ephemeral: body.container?.is_ephemeral === true,
  };
}

/** A private copy is updated in place; a public message gets a new private reply for the clicker only. */
function reply(respond: RespondFn, c: Click, msg: SlackMessage | { text: string }) {
  return respond(
    c.ephemeral
      ? { replace_original: true, ...msg }
      : { response_type: 'ephemeral', replace_original: false, ...msg },
  );
}

function note(respond: RespondFn, text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** Button clicks: More results, Share in channel, 👍/👎 and article choices. */
export function registerActions(app: App, rt: SlackRuntime): void {
  type Handle = (c: Click, respond: RespondFn, ref: string, client: webApi.WebClient) => Promise<unknown>;
  const on = (id: string | RegExp, handle: Handle) => {
    app.action<BlockAction>(id, async ({ ack, body, respond, client }) => {
      await ack();
      const release = rt.guard.hold();
      const ref = newRef();
      const c = click(body);
      try {
        if (!release) await note(respond, RESTARTING_TEXT);
        else await handle(c, respond, ref, client);
      } catch (err) {
        rt.logger.error(
          { err, ref, action: String(id), user: c.userId, channel: c.channelId },
          'slack action failed',
        );
        rt.guard.metrics?.errors.inc({ platform: 'slack', kind: 'handler' });
        await note(respond, sorry(ref)).catch((e: unknown) =>
          rt.logger.warn({ err: e, ref }, 'could not report failure'),
        );
      } finally {
        release?.();
      }
    });
  };

  const session = (c: Click) => {
    const parsed = parseButtonValue(c.value);
    const s = parsed ? rt.sessions.get(parsed.sessionId) : undefined;
    return parsed && s ? { ...parsed, ...s } : undefined;
  };

  /** Another page or a share runs a search like a question does: same limits, said privately. */
  const limited = (c: Click, respond: RespondFn) => {
    const refusal = rt.guard.limit(c.userId, c.channelId);
    return refusal ? note(respond, refusal.text).then(() => true) : false;
  };
  const undelivered = (respond: RespondFn, ref: string) =>
    note(respond, undeliveredText(ref)).catch((err: unknown) =>
      rt.logger.warn({ err, ref }, 'could not tell the user about the undelivered answer'),
    );

  on(ACTION.more, async (c, respond, ref) => {
    const s = session(c);
    if (!s) return note(respond, EXPIRED);
    if (await limited(c, respond)) return;
    const answer = rt.answers.ask(s.question, { offset: s.offset + s.passageIds.length });
    if (answer.passages.length === 0) return note(respond, 'That was everything the archive has on this.');
    const msg = present(rt, { kind: 'answer', answer }, { ephemeral: true }, ref);
    if (!(await rt.guard.deliver(ref, () => reply(respond, c, msg)))) await undelivered(respond, ref);
  });

  on(ACTION.share, async (c, respond, ref) => {
    const s = session(c);
    if (!s) return note(respond, EXPIRED);
    if (await limited(c, respond)) return;
    const limit = Math.max(1, s.passageIds.length);
    const answer = rt.answers.ask(s.question, { offset: s.offset, limit });
    const msg = present(rt, { kind: 'answer', answer }, { ephemeral: false, sharedBy: c.userId }, ref);
    const shared = () => respond({ response_type: 'in_channel', replace_original: false, ...msg });
    if (!(await rt.guard.deliver(ref, shared))) return undelivered(respond, ref);
    // The private copy has done its job; leaving it would show the same answer twice.
    if (c.ephemeral) await respond({ delete_original: true });
  });

  const votes: Array<[string, Vote]> = [
    [ACTION.voteUp, 'up'],
    [ACTION.voteDown, 'down'],
  ];
  for (const [id, vote] of votes) {
    on(id, async (c, respond) => {
      const store = feedbackStore(rt);
      const s = session(c);
      if (!store) return note(respond, 'Feedback is not being collected here.');
      if (!s) return note(respond, EXPIRED);
      store.recordFeedback({
        answerId: s.sessionId,
        platform: 'slack',
        channelId: c.channelId,
        userId: c.userId,
        question: s.question,
        passageIds: s.passageIds,
        vote,
        at: rt.answers.clock.now(),
      });
      return note(
        respond,
        vote === 'up'
          ? 'Thanks! 👍 noted.'
          : 'Thanks for telling me. 👎 noted. Rephrasing the question or *More results* may find a better passage.',
      );
    });
  }

  on(new RegExp(`^${ACTION.article}_\\d+$`), async (c, respond, ref, client) => {
    const article = rt.commands.find((cmd) => cmd.name === 'article');
    if (!article || !c.value) return note(respond, EXPIRED);
    const ctx = await commandContext(rt, client, c.userId, { id: c.channelId });
    const result = await runCommand(article, { options: { title: c.value } }, ctx, rt.logger, ref);
    return reply(respond, c, present(rt, result, { ephemeral: true }, ref));
  });
}
