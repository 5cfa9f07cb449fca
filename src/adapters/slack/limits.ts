import type { types } from '@slack/bolt';
import { cutGraphemes, trimAtSentence } from '../shared/text.js';
import { escapeMrkdwn, mrkdwnText } from './mrkdwn.js';

/**
 * Slack's message limits in one place, and the check every outgoing message passes. Slack rejects a
 * message over any of them (`invalid_blocks`, `msg_blocks_too_long`), so the renderer budgets against
 * these and {@link checkMessage} is the last guard before sending.
 */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextElements: 10,
  contextText: 2000,
  headerText: 150,
  buttonText: 75,
  actionValue: 2000,
  actionElements: 25,
  /** All text in a message's blocks together; Slack documents no figure, long sets fail near 12–13k. */
  messageText: 12_000,
  /** The notification/fallback `text`; Slack truncates at 40k but keeps 4k as the recommendation. */
  fallbackText: 3000,
} as const;

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Plain fallback for notifications and clients without Block Kit (escaped like the blocks). */
  text: string;
  blocks: Block[];
}

/**
 * Renders `raw` trimmed at a sentence so that the rendered (escaped, styled) result fits `max`.
 * Escaping can grow text (`&` → `&amp;`), so the budget shrinks until it fits.
 */
export function fitRendered(raw: string, max: number, render: (trimmed: string) => string): string {
  let budget = Math.min(raw.length, max);
  for (let i = 0; i < 12; i++) {
    const out = render(trimAtSentence(raw, budget));
    if (out.length <= max) return out;
    budget = Math.max(1, Math.floor((budget * max) / out.length) - 8);
  }
  return render('…').slice(0, max);
}

/** Plain text escaped for mrkdwn and cut at a sentence so the escaped result fits `max`. */
export function fitEscaped(raw: string, max: number): string {
  return fitRendered(raw, max, escapeMrkdwn);
}

/** Every text string in a block, for measuring. */
export function blockTexts(block: Block): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'text' || k === 'value' || k === 'alt_text') && typeof x === 'string') out.push(x);
        else visit(x);
      }
    }
  };
  visit(block);
  return out;
}

/** What is wrong with a message under Slack's limits; empty when it can be sent. */
export function checkMessage(msg: SlackMessage): string[] {
  const problems: string[] = [];
  const { blocks } = msg;
  if (blocks.length > LIMITS.blocks) problems.push(`${blocks.length} blocks > ${LIMITS.blocks}`);
  if (!msg.text) problems.push('no fallback text');
  if (msg.text.length > LIMITS.fallbackText) problems.push(`fallback text ${msg.text.length} chars`);
  let total = 0;
  blocks.forEach((b, i) => {
    for (const t of blockTexts(b)) total += t.length;
    if (b.type === 'section' && (b.text?.text.length ?? 0) > LIMITS.sectionText)
      problems.push(`block ${i}: section text ${b.text?.text.length} chars`);
    if (b.type === 'header' && b.text.text.length > LIMITS.headerText)
      problems.push(`block ${i}: header ${b.text.text.length} chars`);
    if (b.type === 'context') {
      if (b.elements.length > LIMITS.contextElements) problems.push(`block ${i}: context elements`);
      for (const e of b.elements)
        if ('text' in e && typeof e.text === 'string' && e.text.length > LIMITS.contextText)
          problems.push(`block ${i}: context text ${e.text.length} chars`);
    }
    if (b.type === 'actions') {
      if (b.elements.length > LIMITS.actionElements) problems.push(`block ${i}: too many actions`);
      for (const e of b.elements) {
        if (e.type !== 'button') continue;
        if (e.text.text.length > LIMITS.buttonText) problems.push(`block ${i}: button text`);
        if ((e.value?.length ?? 0) > LIMITS.actionValue) problems.push(`block ${i}: button value`);
      }
    }
  });
  if (total > LIMITS.messageText) problems.push(`blocks hold ${total} chars of text > ${LIMITS.messageText}`);
  return problems;
}

/**
 * The message itself when within limits; otherwise (after `report`) its fallback text alone, which
 * Slack accepts. A renderer bug then costs formatting, not the answer.
 */
export function sendable(msg: SlackMessage, report: (problems: string[]) => void): SlackMessage {
  const problems = checkMessage(msg);
  if (problems.length === 0) return msg;
  report(problems);
  // Whole graphemes only, and no entity cut in half (`&am` would show as typed).
  const text = cutGraphemes(
    msg.text || 'Here is what I found, but it was too long to show.',
    LIMITS.fallbackText,
  );
  const whole = text.length < msg.text.length ? text.replace(/&[a-z]*$/, '') : text;
  return { text: whole, blocks: [{ type: 'section', text: mrkdwnText(whole) }] };
}
