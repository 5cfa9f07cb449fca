import { type APIActionRowComponent, type ButtonInteraction, MessageFlags } from 'discord.js';
import type { AnswerSession } from '../shared/answer-sessions.js';
import { type Bot, feedbackStore, messageFor } from './bot.js';
import { type ButtonAction, decodeButton } from './custom-ids.js';
import { type ButtonRow, NO_MENTIONS } from './limits.js';
import { tellUndelivered } from './private-reply.js';
import { renderNotice } from './render.js';

async function tell(i: ButtonInteraction, tone: 'info' | 'success' | 'error', text: string): Promise<void> {
  await i.reply({ ...renderNotice(tone, text), flags: MessageFlags.Ephemeral });
}

/** More results, Share to channel, 👍/👎: each finds its question again through the session id. */
export async function onButton(bot: Bot, i: ButtonInteraction): Promise<void> {
  const action = decodeButton(i.customId);
  if (!action) {
    await tell(i, 'info', 'This button no longer works. Ask again with /ask.');
    return;
  }
  const session = bot.sessions.get(action.session);
  if (!session) {
    await tell(
      i,
      'info',
      'That answer has expired (I have restarted since it was given). Please ask again with /ask.',
    );
    return;
  }
  if (action.kind !== 'vote') {
    // Another page or a share runs a search like a question does: same limits.
    const refusal = bot.guard.limit(i.user.id, i.channelId ?? i.user.id);
    if (refusal) {
      await tell(i, 'info', refusal.text);
      return;
    }
  }
  if (action.kind === 'more') await more(bot, i, session, action.offset);
  else if (action.kind === 'share') await share(bot, i, session, action.offset);
  else await vote(bot, i, action, session);
}

/** The clicked message's buttons without "More results", so the same page is not asked for twice. */
function withoutMore(i: ButtonInteraction): ButtonRow[] {
  return i.message.components
    .map((row) => row.toJSON() as APIActionRowComponent<never>)
    .map((row) => ({
      ...row,
      components: (row.components as ButtonRow['components']).filter(
        (b) => decodeButton(b.custom_id ?? '')?.kind !== 'more',
      ),
    }))
    .filter((row) => row.components.length > 0) as ButtonRow[];
}

/**
 * The next page, posted under the clicked one with the same visibility. The search is synchronous and
 * takes milliseconds, so the acknowledgement itself drops "More results" from the clicked message
 * (an update, one request) and the page follows; like Share and the votes, no deferral is needed.
 */
async function more(bot: Bot, i: ButtonInteraction, session: AnswerSession, offset: number): Promise<void> {
  const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
  const answer = bot.answers.ask(session.question, { offset });
  const msg =
    answer.passages.length > 0
      ? messageFor(bot, { kind: 'answer', answer, private: ephemeral }, { private: ephemeral })
      : undefined;
  await i.update({ components: withoutMore(i), allowedMentions: NO_MENTIONS });
  if (!msg) {
    await i.followUp({
      ...renderNotice('info', 'There are no more passages for that question.'),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const sent = await bot.guard.deliver(i.id, () =>
    i.followUp({ ...msg, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) }),
  );
  if (!sent) await tellUndelivered(bot, i);
}

/** Posts a private answer to the channel, saying who shared it (without pinging them). */
async function share(bot: Bot, i: ButtonInteraction, session: AnswerSession, offset: number): Promise<void> {
  const answer = bot.answers.ask(session.question, { offset });
  if (answer.passages.length === 0) {
    await tell(i, 'info', 'The archive has changed since that answer; ask again with /ask.');
    return;
  }
  const msg = messageFor(bot, { kind: 'answer', answer }, { private: false, sharedBy: i.user.id });
  if (!(await bot.guard.deliver(i.id, () => i.reply(msg)))) await tellUndelivered(bot, i);
}

async function vote(
  bot: Bot,
  i: ButtonInteraction,
  action: Extract<ButtonAction, { kind: 'vote' }>,
  session: AnswerSession,
): Promise<void> {
  const store = feedbackStore(bot.services);
  if (!store) {
    await tell(i, 'info', 'Feedback is not being recorded on this server.');
    return;
  }
  try {
    store.recordFeedback({
      answerId: action.session,
      platform: 'discord',
      channelId: i.channelId,
      userId: i.user.id,
      question: session.question,
      passageIds: session.passageIds,
      vote: action.vote,
      at: bot.answers.clock.now(),
    });
  } catch (err) {
    bot.logger.error({ err, interaction: i.id }, 'recording feedback failed');
    await tell(
      i,
      'error',
      `Your feedback could not be saved just now (ref ${i.id}). Please try again later.`,
    );
    return;
  }
  await tell(
    i,
    'success',
    action.vote === 'up' ? 'Thanks! Glad that helped.' : 'Thanks, noted. That helps improve the answers.',
  );
}
