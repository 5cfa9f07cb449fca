import type { ButtonAction } from '../../pipeline/events.js';

/**
 * What a button does, carried in its custom_id (at most 100 characters). The question itself stays in
 * the answer-session store; the id holds only the short session id and an offset.
 */
export type DiscordButton = Exclude<ButtonAction, { kind: 'run' }>;

const PREFIX = 'arc1';

export function encodeButton(action: DiscordButton): string {
  const last = action.kind === 'vote' ? action.vote : String(action.offset);
  return [PREFIX, action.kind, action.session, last].join(':');
}

/** The action of a custom_id this bot made, or undefined for anything else (old formats, other apps). */
export function decodeButton(customId: string): DiscordButton | undefined {
  const [prefix, kind, session, last] = customId.split(':');
  if (prefix !== PREFIX || !session || last === undefined) return undefined;
  if (kind === 'vote') return last === 'up' || last === 'down' ? { kind, session, vote: last } : undefined;
  if (kind !== 'more' && kind !== 'share') return undefined;
  const offset = Number(last);
  return Number.isSafeInteger(offset) && offset >= 0 ? { kind, session, offset } : undefined;
}
