/**
 * What the pipeline says instead of an answer, worded once for every platform. Plain text: each adapter
 * escapes and styles it.
 */

/** "12 s", "2 min": how long until a rate-limited user may ask again, rounded up. */
export function waitLabel(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

/** The polite refusal when someone, or a whole channel, asks faster than the rate limit allows. */
export function rateLimitedText(scope: 'user' | 'channel', retryAfterMs: number): string {
  const wait = waitLabel(retryAfterMs);
  return scope === 'user'
    ? `You're asking quickly — try again in ${wait}.`
    : `This channel is asking me a lot right now — try again in ${wait}.`;
}

export const RESTARTING_TEXT = "I'm restarting — please ask again in a minute.";

export function somethingWentWrong(ref: string): string {
  return `Something went wrong while answering (ref ${ref}). Please try again.`;
}

/** When the platform would not take an answer even after its library retried. */
export function undeliveredText(ref: string): string {
  return `I couldn't deliver that answer, please try again (ref ${ref}).`;
}

export const EXPIRED_TEXT = 'That answer has expired (answers are kept for 7 days). Please ask again.';
export const NO_MORE_TEXT = 'That was everything the archive has on this.';
export const SHARE_CHANGED_TEXT = 'The archive has changed since that answer; please ask again.';
export const NO_FEEDBACK_TEXT = 'Feedback is not being recorded on this deployment.';
export const FEEDBACK_FAILED = (ref: string) =>
  `Your feedback could not be saved just now (ref ${ref}). Please try again later.`;
export const THANKS = {
  up: 'Thanks! 👍 noted. Glad that helped.',
  down: 'Thanks, 👎 noted. Rephrasing the question or More results may find a better passage.',
} as const;

export function unknownCommandText(name: string, prefix = '/'): string {
  return `${prefix}${name} is not a command I know. Try ${prefix}help for the list.`;
}
