import type { CommandContext, CommandResult } from '../core/command.js';
import type { QuestionOutcome } from '../observability/metrics.js';
import type { Services } from '../services.js';
import { onButton } from './buttons.js';
import type { ChatEvent, Outgoing, Surface, Visibility } from './events.js';
import { RateGate } from './rate-gate.js';
import { routeTrigger } from './route.js';
import { saveSession } from './sessions.js';
import { settlesWithin } from './settles.js';
import { RESTARTING_TEXT, somethingWentWrong, undeliveredText, unknownCommandText } from './wording.js';

/** The one path every adapter feeds: see {@link Pipeline.handle}. */
export interface Pipeline {
  /**
   * Takes one event through hold → (restarting?) → route → rate limit → run → session → render and
   * deliver → metrics → release. Never rejects: failures are logged with the event's ref, counted, and
   * told to the user privately in one wording.
   */
  handle(event: ChatEvent, surface: Surface): Promise<void>;
  /** The command context for an event's user and channel (autocomplete needs it too). */
  context(event: Omit<ChatEvent, 'trigger' | 'ref'>): CommandContext;
  readonly services: Services;
}

export function createPipeline(services: Services): Pipeline {
  const { logger, metrics, inflight } = services;
  const gate = new RateGate(services);

  const context = (event: Omit<ChatEvent, 'trigger' | 'ref'>): CommandContext => ({
    answers: services.answers,
    platform: event.platform,
    user: event.user,
    ...(event.channel ? { channel: event.channel } : {}),
    commands: services.commands,
    ...(services.daily ? { daily: services.daily } : {}),
    ...(services.alerts ? { alerts: services.alerts } : {}),
    ...(services.feeds ? { feeds: services.feeds } : {}),
  });

  /** Sends `out`; a refusal by the platform is logged, counted and told privately. True when sent. */
  const deliver = async (event: ChatEvent, surface: Surface, out: Outgoing): Promise<boolean> =>
    sent(event, surface, () => surface.reply(out));

  /**
   * Runs one send to the platform (its library has already retried what it retries); a failure is
   * logged, counted as a delivery error and told privately. True when the platform took it.
   */
  const sent = async (event: ChatEvent, surface: Surface, send: () => Promise<void>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (err) {
      metrics?.errors.inc({ platform: event.platform, kind: 'delivery' });
      logger.warn({ err, ref: event.ref, platform: event.platform }, 'reply could not be delivered');
      await surface
        .replyPrivately('error', undeliveredText(event.ref))
        .catch((e: unknown) => logger.warn({ err: e, ref: event.ref }, 'could not tell the user either'));
      return false;
    }
  };

  const outgoing = async (
    event: ChatEvent,
    result: CommandResult,
    visibility: Visibility,
    extra: Partial<Outgoing> = {},
  ): Promise<Outgoing> => {
    const sessionId = await saveSession(services, event, result);
    return {
      result,
      visibility,
      intent: 'answer',
      feedback: Boolean(services.feedback),
      ...(sessionId ? { sessionId } : {}),
      ...extra,
    };
  };

  const runCommand = async (event: ChatEvent, surface: Surface): Promise<void> => {
    const route = routeTrigger(services.commands, event.trigger);
    if (route.kind === 'none') return;
    if (route.kind === 'unknown') {
      await surface.replyPrivately('error', unknownCommandText(route.name));
      return;
    }
    const refusal = gate.check(event);
    if (refusal) {
      await surface.refuse(refusal);
      return;
    }
    const { command, input } = route;
    const chosen = input.options.private;
    const expected: Visibility =
      chosen === true || command.private
        ? 'private'
        : chosen === false || command.public
          ? 'public'
          : surface.defaultVisibility;
    const work = (async () => {
      try {
        return await command.handler(input, context(event));
      } catch (err) {
        logger.error(
          { err, command: command.name, ref: event.ref, platform: event.platform },
          'command failed',
        );
        metrics?.errors.inc({ platform: event.platform, kind: 'handler' });
        return { kind: 'notice', tone: 'error', text: somethingWentWrong(event.ref) } satisfies CommandResult;
      }
    })();
    const { defer } = surface;
    if (defer && !(await settlesWithin(work, defer.afterMs))) {
      // Without the acknowledgement the platform voids the event: the late answer is not sent.
      if (!(await sent(event, surface, () => defer.run(expected)))) return;
    }
    const result = await work;
    if (result.kind === 'notice' && result.tone === 'error') {
      // An error is nobody else's business, whatever the command's visibility.
      await surface.replyPrivately('error', result.text);
      return;
    }
    const visibility =
      (result.kind === 'answer' || result.kind === 'trend') && result.private === true ? 'private' : expected;
    const out = await outgoing(event, result, visibility, { command: command.name });
    if (await deliver(event, surface, out)) countAnswer(event, result);
  };

  const countAnswer = (event: ChatEvent, result: CommandResult): void => {
    if (!metrics || result.kind !== 'answer') return;
    const { answer } = result;
    const outcome: QuestionOutcome =
      answer.passages.length > 0
        ? 'answered'
        : answer.reason === 'too-long' || answer.reason === 'empty-question'
          ? 'refused'
          : 'no_answer';
    metrics.questions.inc({ platform: event.platform, outcome });
    const started = event.startedMs ?? performance.now();
    metrics.latency.observe({ platform: event.platform }, (performance.now() - started) / 1000);
  };

  return {
    services,
    context,
    async handle(event, surface) {
      const release = inflight.begin();
      try {
        if (!release) {
          await surface.refuse({ reason: 'restarting', text: RESTARTING_TEXT, firstNotice: true });
          return;
        }
        const { trigger } = event;
        if (trigger.kind === 'button' && trigger.action.kind !== 'run') {
          const { action, clickedPrivate = false } = trigger;
          await onButton({ services, event, surface, action, clickedPrivate, outgoing, deliver });
        } else {
          await runCommand(event, surface);
        }
      } catch (err) {
        logger.error(
          { err, ref: event.ref, platform: event.platform, trigger: event.trigger.kind },
          'event failed',
        );
        metrics?.errors.inc({ platform: event.platform, kind: 'handler' });
        await surface
          .replyPrivately('error', somethingWentWrong(event.ref))
          .catch((e: unknown) =>
            logger.warn({ err: e, ref: event.ref }, 'could not tell the user about the failure'),
          );
      } finally {
        release?.();
        const ms = Math.round(performance.now() - (event.startedMs ?? performance.now()));
        logger.debug(
          { ref: event.ref, platform: event.platform, trigger: event.trigger.kind, ms },
          'event handled',
        );
      }
    },
  };
}
