import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { dropBidiControls, trimAtSentence } from '../shared/text.js';

/**
 * Discord's message limits, and the one place that enforces them: every payload the adapter sends goes
 * through {@link fitMessage}, so a long passage or a huge title is trimmed instead of rejected (50035).
 * Lengths are counted in UTF-16 units, which is never less than what Discord counts.
 */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedsTotal: 6000,
  url: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  threadName: 100,
} as const;

/**
 * Sent with every message. discord.js uses a message's own setting instead of the client default (it
 * does not merge them), so each payload carries it; `repliedUser: false` keeps replies from pinging too.
 */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false as const };

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A message as the adapter builds it: the same shape for replies, edits, follow-ups and channel sends. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Always empty: nothing Archivist sends may ping anyone, whatever the question or passage holds. */
  allowedMentions: typeof NO_MENTIONS;
}

/** Drops unpaired surrogates, which a cut in the middle of an emoji leaves behind. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** Cuts `text` to `max` at a sentence with an ellipsis (see trimAtSentence), between whole graphemes. */
export function clampText(text: string, max: number): string {
  return trimAtSentence(wellFormed(text), max);
}

/**
 * Untrusted text for places Discord shows without markdown (embed footers and authors, thread names,
 * autocomplete choices), where a backslash would show: bidi controls dropped, and a word joiner after
 * the colon of any `://`, so no client autolinks it.
 */
export function unlinked(text: string): string {
  return dropBidiControls(text).replace(/:(?=\/\/)/g, ':\u2060');
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

export function isHttpUrl(url: string | undefined): url is string {
  if (!url || url.length > LIMITS.url || !/^https?:\/\/\S+$/i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** Characters that count towards the 6000 shared by a message's embeds. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0);
  n += (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function fitEmbed(e: APIEmbed): APIEmbed | undefined {
  const out: APIEmbed = { ...e };
  if (e.title !== undefined) out.title = clampText(e.title, LIMITS.embedTitle);
  if (e.description !== undefined) out.description = clampText(e.description, LIMITS.embedDescription);
  if (!isHttpUrl(e.url)) delete out.url;
  if (e.footer) out.footer = { ...e.footer, text: clampText(unlinked(e.footer.text), LIMITS.footer) };
  if (e.author) out.author = { ...e.author, name: clampText(unlinked(e.author.name), LIMITS.author) };
  if (e.author?.url !== undefined && out.author && !isHttpUrl(e.author.url)) delete out.author.url;
  if (e.fields) {
    out.fields = e.fields
      .slice(0, LIMITS.fields)
      .map((f) => ({
        ...f,
        name: clampText(f.name, LIMITS.fieldName),
        value: clampText(f.value, LIMITS.fieldValue),
      }))
      .filter((f) => !blank(f.name) && !blank(f.value));
    if (out.fields.length === 0) delete out.fields;
  }
  for (const key of ['title', 'description'] as const) if (blank(out[key])) delete out[key];
  if (out.footer && blank(out.footer.text)) delete out.footer;
  if (out.author && blank(out.author.name)) delete out.author;
  return out.title || out.description || out.fields ? out : undefined;
}

/** Shrinks the longest descriptions until the embeds fit in 6000 together; drops trailing embeds if that is not enough. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const out = embeds.map((e) => ({ ...e }));
  let total = out.reduce((n, e) => n + embedLength(e), 0);
  while (total > LIMITS.embedsTotal) {
    const longest = out.reduce<APIEmbed | undefined>(
      (best, e) => ((e.description?.length ?? 0) > (best?.description?.length ?? 0) ? e : best),
      undefined,
    );
    const len = longest?.description?.length ?? 0;
    if (!longest || len < 40) {
      out.pop();
    } else {
      longest.description = clampText(
        longest.description ?? '',
        Math.max(20, len - (total - LIMITS.embedsTotal)),
      );
    }
    total = out.reduce((n, e) => n + embedLength(e), 0);
  }
  return out.filter((e) => e.title || e.description || e.fields);
}

function fitRows(rows: ButtonRow[]): ButtonRow[] {
  const seen = new Set<string>();
  return rows
    .slice(0, LIMITS.actionRows)
    .map((row) => ({
      ...row,
      components: row.components
        .filter(
          (b) => b.custom_id.length <= LIMITS.customId && !seen.has(b.custom_id) && seen.add(b.custom_id),
        )
        .slice(0, LIMITS.buttonsPerRow)
        .map((b) => (b.label === undefined ? b : { ...b, label: clampText(b.label, LIMITS.buttonLabel) })),
    }))
    .filter((row) => row.components.length > 0);
}

/** Makes any message sendable: every length within Discord's limits, no empty parts, no pings. */
export function fitMessage(msg: DiscordMessage): DiscordMessage {
  const content = msg.content === undefined ? undefined : clampText(msg.content, LIMITS.content);
  const embeds = fitTotal(
    msg.embeds
      .map(fitEmbed)
      .filter((e): e is APIEmbed => e !== undefined)
      .slice(0, LIMITS.embeds),
  );
  const out: DiscordMessage = {
    embeds,
    components: fitRows(msg.components),
    allowedMentions: NO_MENTIONS,
  };
  if (!blank(content)) out.content = content;
  else if (embeds.length === 0) out.content = 'Nothing to show.';
  return out;
}

/** Every way `msg` breaks Discord's limits, as readable strings; empty when it would be accepted. Used by tests. */
export function checkMessage(msg: DiscordMessage): string[] {
  const problems: string[] = [];
  const over = (what: string, len: number, max: number) => {
    if (len > max) problems.push(`${what}: ${len} > ${max}`);
  };
  if (msg.allowedMentions.parse.length > 0) problems.push('allowedMentions.parse is not empty');
  if (msg.allowedMentions.repliedUser !== false) problems.push('a reply would ping its author');
  if (blank(msg.content) && msg.embeds.length === 0) problems.push('empty message');
  over('content', msg.content?.length ?? 0, LIMITS.content);
  over('embeds', msg.embeds.length, LIMITS.embeds);
  over(
    'embeds total',
    msg.embeds.reduce((n, e) => n + embedLength(e), 0),
    LIMITS.embedsTotal,
  );
  msg.embeds.forEach((e, i) => {
    if (!e.title && !e.description && !e.fields?.length) problems.push(`embed ${i} is empty`);
    over(`embed ${i} title`, e.title?.length ?? 0, LIMITS.embedTitle);
    over(`embed ${i} description`, e.description?.length ?? 0, LIMITS.embedDescription);
    over(`embed ${i} footer`, e.footer?.text.length ?? 0, LIMITS.footer);
    over(`embed ${i} author`, e.author?.name.length ?? 0, LIMITS.author);
    over(`embed ${i} fields`, e.fields?.length ?? 0, LIMITS.fields);
    if (e.url !== undefined && !isHttpUrl(e.url)) problems.push(`embed ${i} url is not an http(s) URL`);
    for (const f of e.fields ?? []) {
      if (blank(f.name) || blank(f.value)) problems.push(`embed ${i} has a blank field`);
      over(`embed ${i} field name`, f.name.length, LIMITS.fieldName);
      over(`embed ${i} field value`, f.value.length, LIMITS.fieldValue);
    }
  });
  over('action rows', msg.components.length, LIMITS.actionRows);
  const ids = new Set<string>();
  for (const row of msg.components) {
    over('buttons in a row', row.components.length, LIMITS.buttonsPerRow);
    for (const b of row.components) {
      over('button label', b.label?.length ?? 0, LIMITS.buttonLabel);
      over('custom_id', b.custom_id.length, LIMITS.customId);
      if (ids.has(b.custom_id)) problems.push(`duplicate custom_id ${b.custom_id}`);
      ids.add(b.custom_id);
      if (!b.label && !b.emoji) problems.push('button without label or emoji');
    }
  }
  return problems;
}
