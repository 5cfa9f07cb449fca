import type { SlackCall } from '../../standins/slack.js';

/** Reading what the app sent: every mrkdwn/plain text in a call's blocks, and its buttons. */

// biome-ignore lint/suspicious/noExplicitAny: Slack payloads as the stand-in decoded them.
type Json = any;

export function blockTexts(call: SlackCall): string[] {
  const out: string[] = [];
  const visit = (v: Json): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      if ((v.type === 'mrkdwn' || v.type === 'plain_text') && typeof v.text === 'string') out.push(v.text);
      else for (const x of Object.values(v)) visit(x);
    }
  };
  visit(call.body.blocks ?? []);
  return out;
}

export function allText(call: SlackCall): string {
  return blockTexts(call).join('\n');
}

export interface Button {
  action_id: string;
  value: string;
  text: string;
}

export function buttons(call: SlackCall): Button[] {
  return (call.body.blocks ?? [])
    .filter((b: Json) => b.type === 'actions')
    .flatMap((b: Json) => b.elements)
    .map((e: Json) => ({ action_id: e.action_id, value: e.value, text: e.text.text }));
}

export function button(call: SlackCall, actionId: string): Button {
  const found = buttons(call).find((b) => b.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button; buttons: ${buttons(call).map((b) => b.action_id)}`);
  return found;
}

/** Passage sections: section blocks that are not the summary line. */
export function passageSections(call: SlackCall): string[] {
  return (call.body.blocks ?? []).filter((b: Json) => b.type === 'section').map((b: Json) => b.text.text);
}
