import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAnswer, renderOnThisDay } from '../../src/adapters/slack/blocks.js';
import { checkMessage, LIMITS } from '../../src/adapters/slack/limits.js';
import {
  escapeMrkdwn,
  fromSlackText,
  highlightMrkdwn,
  link,
  safeUrl,
} from '../../src/adapters/slack/mrkdwn.js';
import type { OnThisDay, PassageHit } from '../../src/core/types.js';
import { answer, expectNoControlSequences, hit, hugeText, rangesIn } from './arbitraries.js';

describe('Slack Block Kit rendering', () => {
  it('keeps any answer within Slack limits with no unescaped control sequences', () => {
    fc.assert(
      fc.property(
        answer,
        fc.record({
          sessionId: fc.constantFrom(undefined, 'abcDEF1234'),
          share: fc.boolean(),
          feedback: fc.boolean(),
          sharedBy: fc.constantFrom(undefined, 'U0ALICE'),
        }),
        (a, v) => {
          const view = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
          const msg = renderAnswer(a, view);
          expect(checkMessage(msg)).toEqual([]);
          expectNoControlSequences(msg, v.sharedBy);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps any "on this day" post within limits and escaped', () => {
    const items = fc.array(
      fc.record({
        slug: fc.constant('a'),
        title: hugeText,
        date: fc.constant('2020-11-01'),
        yearsAgo: fc.integer({ min: 1, max: 80 }),
        kind: fc.constantFrom('published' as const, 'mentioned' as const),
        passage: hit,
      }),
      { maxLength: 14 },
    );
    fc.assert(
      fc.property(items, fc.boolean(), (its, nearest) => {
        const result: OnThisDay = {
          date: '2026-11-01',
          items: its,
          ...(nearest ? { nearest: { date: '2026-11-03', daysAway: 2 } } : {}),
        };
        const msg = renderOnThisDay(result);
        expect(checkMessage(msg)).toEqual([]);
        expectNoControlSequences(msg);
        expect(msg.blocks[0]?.type).toBe('header');
      }),
      { numRuns: 80 },
    );
  });

  it('shows a short passage whole: unescaping and dropping the bold gives back the text', () => {
    const plain = fc
      .array(
        fc.oneof(
          fc.constantFrom('&', '<!channel>', '>', 'Xiaomi', ' ', '. ', '한국'),
          fc.string({ maxLength: 6 }),
        ),
        {
          maxLength: 40,
        },
      )
      .map((xs) => xs.join('').replace(/[*\u200B]/g, ''));
    fc.assert(
      fc.property(
        plain.chain((t) => fc.tuple(fc.constant(t), rangesIn(t))),
        ([t, ranges]) => {
          const out = highlightMrkdwn(t, ranges)
            .replace(/\u200B/g, '')
            .replace(/\*/g, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&');
          expect(out).toBe(t);
        },
      ),
    );
  });

  it('bolds matched terms, guarding bold next to letters with a zero-width space', () => {
    expect(highlightMrkdwn('two Xiaomi phones', [{ start: 4, end: 10 }])).toBe('two *Xiaomi* phones');
    expect(highlightMrkdwn('smartphones', [{ start: 5, end: 11 }])).toBe('smart\u200B*phones*');
    expect(highlightMrkdwn('a <b> & c', [{ start: 2, end: 5 }])).toBe('a *&lt;b&gt;* &amp; c');
    expect(
      highlightMrkdwn('ab', [
        { start: 0, end: 1 },
        { start: 1, end: 2 },
      ]),
    ).toBe('*ab*');
  });

  it('escapes text and builds only http(s) links', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(link('https://x.example/a?b=1&c=2', 'read <this>')).toBe(
      '<https://x.example/a?b=1&amp;c=2|read &lt;this&gt;>',
    );
    expect(link('https://x.example/a|b', 'x')).toBe('<https://x.example/a%7Cb|x>');
    expect(link(undefined, 'plain & simple')).toBe('plain &amp; simple');
  });

  it('reads Slack text as typed: bot mention dropped, links and channels as labels, entities undone', () => {
    expect(fromSlackText('<@U0BOT> what &amp; why &lt;3', 'U0BOT')).toBe('what & why <3');
    expect(fromSlackText('see <https://x.example|the story> in <#C1|news>')).toBe('see the story in #news');
    expect(fromSlackText('<!channel> hi <@U2>', 'U0BOT')).toBe('<!channel> hi <@U2>');
  });

  it('the budget leaves room: a page of ten long passages keeps every passage', () => {
    const long = 'The humorous moment unfolded when Xi presented Lee with two Xiaomi cellphones. '.repeat(60);
    const p: PassageHit = {
      id: 'a#1',
      score: 1,
      text: long,
      highlights: [{ start: 4, end: 12 }],
      bestSentence: { text: long.slice(0, 80), start: 0, end: 80 },
      source: {
        slug: 'a',
        title: 'T',
        date: '2025-11-01',
        publisher: 'P',
        path: 'a.md',
        position: { index: 1, count: 2 },
        offsets: { start: 0, end: 1 },
      },
    };
    const msg = renderAnswer({
      question: 'q',
      terms: [],
      passages: Array(10).fill(p),
      total: 30,
      offset: 0,
      limit: 10,
      suggestions: [],
      fuzzy: false,
      tookMs: 1,
    });
    expect(checkMessage(msg)).toEqual([]);
    const sections = msg.blocks.filter((b) => b.type === 'section');
    expect(sections).toHaveLength(10);
    for (const s of sections) {
      const t = s.type === 'section' ? (s.text?.text ?? '') : '';
      expect(t.length).toBeGreaterThan(500);
      expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(t.endsWith('…')).toBe(true);
    }
  });
});
