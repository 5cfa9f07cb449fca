import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { decodeButton, encodeButton } from '../../src/adapters/discord/custom-ids.js';
import { checkMessage, LIMITS } from '../../src/adapters/discord/limits.js';
import { escapeText, highlightedText } from '../../src/adapters/discord/markdown.js';
import { renderAnswer, renderOnThisDay, renderResult } from '../../src/adapters/discord/render.js';
import { dropBidiControls } from '../../src/adapters/shared/text.js';
import { usage } from '../../src/core/command.js';
import type { Answer } from '../../src/core/types.js';
import { answer, onThisDay, rangesFor, text } from './arbitraries.js';
import { bundledAnswers } from './harness.js';

const view = fc.record({
  sessionId: fc.option(fc.string({ unit: fc.constantFrom(...'abcXYZ019-_'), minLength: 10, maxLength: 10 }), {
    nil: undefined,
  }),
  private: fc.boolean(),
  feedback: fc.boolean(),
  sharedBy: fc.option(fc.constant('123456789012345678'), { nil: undefined }),
});

/** Reads Discord markdown back: our `**` markers dropped, escapes undone, the @-breaking space removed. */
function unformat(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    if (md[i] === '\\' && i + 1 < md.length) out += md[++i];
    else if (md.startsWith('**', i)) i++;
    else out += md[i];
  }
  return out.replace(/@\u200b(everyone|here)/g, '@$1');
}

/** Markup left live in rendered text: unescaped markers other than our own `**`, and line-start syntax. */
function liveMarkup(md: string): string[] {
  const live: string[] = [];
  for (let i = 0; i < md.length; i++) {
    const c = md[i] as string;
    if (c === '\\' || md.startsWith('**', i)) i++;
    else if ('*_`[]<>'.includes(c)) live.push(c);
    else if (md.startsWith('~~', i) || md.startsWith('||', i)) live.push(md.slice(i, ++i + 1));
  }
  for (const line of md.split('\n')) {
    if (/^ {0,2}#{1,3} |^ *[-*] +|^ *\d+\. |^\s*>|^\s*-#/.test(line)) live.push(line.slice(0, 8));
  }
  return live;
}

describe('Discord renderer stays within Discord limits (fast-check)', () => {
  it('any answer, in any view, renders to a message Discord accepts, with no pings', () => {
    fc.assert(
      fc.property(answer, view, (a, v) => {
        const msg = renderAnswer(a, v);
        expect(checkMessage(msg)).toEqual([]);
        expect(msg.allowedMentions.parse).toEqual([]);
        if (a.passages.length > 0) expect(msg.embeds.length).toBeGreaterThan(0);
        else expect(msg.content?.trim()).toBeTruthy();
        for (const e of msg.embeds) expect(e.title || e.description || e.fields?.length).toBeTruthy();
        expect(msg.content ?? '').not.toMatch(/@(everyone|here)/);
      }),
      { numRuns: 300 },
    );
  });

  it('any "on this day" result renders within limits', () => {
    fc.assert(
      fc.property(onThisDay, (r) => {
        const msg = renderOnThisDay(r);
        expect(checkMessage(msg)).toEqual([]);
        expect(msg.embeds.length).toBe(Math.min(r.items.length, LIMITS.embeds));
      }),
      { numRuns: 150 },
    );
  });

  it('notices, help and article views render within limits', () => {
    const tone = fc.constantFrom('info' as const, 'success' as const, 'error' as const);
    fc.assert(
      fc.property(
        tone,
        text,
        fc.array(fc.record({ name: text, description: text, usage: text }), { maxLength: 30 }),
        (t, s, cmds) => {
          for (const msg of [
            renderResult({ kind: 'notice', tone: t, text: s }),
            renderResult({ kind: 'help', commands: cmds }),
            renderResult({
              kind: 'article',
              query: s,
              candidates: cmds.map((c) => ({ slug: c.name, title: c.name })),
            }),
          ]) {
            expect(checkMessage(msg)).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('passage markdown is escaped: read back, the text is exactly the passage, bold only where it matched', () => {
    fc.assert(
      fc.property(
        text.filter((t) => t.length < 1500).chain((t) => fc.tuple(fc.constant(t), rangesFor(t))),
        ([t, ranges]) => {
          const wellFormed = t.replace(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
            '',
          );
          const md = highlightedText(wellFormed, ranges, LIMITS.embedDescription);
          // Read back it is the passage as written, less its bidi controls; no markup, link included, is live.
          expect(unformat(md)).toBe(dropBidiControls(wellFormed));
          expect(liveMarkup(md)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('button custom ids', () => {
  it('round-trip within 100 characters, and anything else is not ours', () => {
    const session = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_'), minLength: 10, maxLength: 10 });
    const action = fc.oneof(
      fc.record({ kind: fc.constantFrom('more' as const, 'share' as const), session, offset: fc.nat() }),
      fc.record({
        kind: fc.constant('vote' as const),
        session,
        vote: fc.constantFrom('up' as const, 'down' as const),
      }),
    );
    fc.assert(
      fc.property(action, (a) => {
        const id = encodeButton(a);
        expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
        expect(decodeButton(id)).toEqual(a);
      }),
    );
    for (const other of ['', 'more:1:2', 'arc1:more:abc:-1', 'arc1:vote:abc:maybe', 'arc1:drop:abc:1']) {
      expect(decodeButton(other)).toBeUndefined();
    }
  });
});

describe('Discord renderer on the bundled articles', () => {
  it('bolds matched terms, escapes markup and never lets a question ping', async () => {
    const answers = await bundledAnswers();
    const a: Answer = answers.ask('What phones did Xi give Lee?');
    const msg = renderAnswer(
      { ...a, question: '@everyone **look** <@&1> what phones?' },
      { sessionId: 'abcdefghij' },
    );
    expect(msg.content).toContain('@\u200beveryone \\*\\*look\\*\\*');
    expect(msg.embeds[0]?.description).toMatch(/\*\*phones\*\*/);
    expect(checkMessage(msg)).toEqual([]);

    // Links are shown as written but inert: brackets escaped, and the colon of `://` (no autolink).
    expect(escapeText('# Heading\n> quote\n- item [x](https://e.com) ||s||')).toBe(
      '\\# Heading\n\\> quote\n\\- item \\[x\\](https\\://e.com) \\|\\|s\\|\\|',
    );
    // Every masked link on a line, and Discord's small-text line.
    expect(escapeText('[a](https://a.io) and [b](https://b.io)\n-# small')).toBe(
      '\\[a\\](https\\://a.io) and \\[b\\](https\\://b.io)\n\\-# small',
    );
  });

  it('a passage longer than Discord allows is cut at a sentence with an ellipsis', async () => {
    const answers = await bundledAnswers();
    const a = answers.ask('What phones did Xi give Lee?');
    const first = a.passages[0];
    if (!first) throw new Error('no passage');
    const long = { ...first, text: `${first.text} `.repeat(40).trim() };
    const msg = renderAnswer({ ...a, passages: [long, ...a.passages.slice(1)] });
    const description = msg.embeds[0]?.description ?? '';
    expect(description.length).toBeLessThan(long.text.length);
    expect(description).toMatch(/[.?!] …$/);
    expect(checkMessage(msg)).toEqual([]);
  });

  it('help lists every command with its usage', () => {
    const msg = renderResult({
      kind: 'help',
      commands: commands.map((c) => ({ name: c.name, description: c.description, usage: usage(c) })),
    });
    const names = msg.embeds[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toHaveLength(commands.length);
    expect(names[0]).toBe('`/ask <question> [private] [from] [to] [source]`');
  });
});
