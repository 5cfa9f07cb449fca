import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import ask from '../../commands/ask.js';
import { checkMessage as checkDiscord } from '../../src/adapters/discord/limits.js';
import { renderAnswer as renderDiscord } from '../../src/adapters/discord/render.js';
import { renderAnswer as renderSlack } from '../../src/adapters/slack/blocks.js';
import { checkMessage as checkSlack } from '../../src/adapters/slack/limits.js';
import { fromSlackText } from '../../src/adapters/slack/mrkdwn.js';
import type { AnswerService } from '../../src/core/answer-service.js';
import { parseTextInput } from '../../src/core/command.js';
import type { Answer } from '../../src/core/types.js';
import { text as discordText } from '../discord/arbitraries.js';
import { bundledAnswers } from '../discord/harness.js';
import { expectNoControlSequences, hugeText, NASTY } from '../slack/arbitraries.js';

/**
 * Questions as hostile users type them, through the real answer service on the bundled articles and
 * then both renderers: nothing throws, every message fits its platform, nothing can ping anyone.
 */
const CONTROL = [
  '\u0000',
  '\u0007',
  '\b',
  '\t',
  '\r',
  '\r\n',
  '\u001b[31m',
  '\u007f',
  '\u202e',
  '\ufeff',
  '\u2028',
];
const MARKUP = [
  '**',
  '__',
  '~~',
  '||',
  '```',
  '`',
  '# ',
  '> ',
  '-# ',
  '[x](https://evil.example)',
  '@everyone',
  '@here',
];
const MENTIONS = [
  '<@123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '<!channel>',
  '<!here>',
  '<@U0ALICE>',
];
/** Words the bundled articles answer, so hostile text also reaches answers with passages and highlights. */
const REAL = [
  'Xi',
  'Lee',
  'Xiaomi',
  'phones',
  'espionage',
  'joke',
  'Delury',
  'Gyeongju',
  'summit',
  'backdoor',
];

const piece = fc.oneof(
  fc.constantFrom(...CONTROL, ...MARKUP, ...MENTIONS, ...NASTY),
  fc.constantFrom(...REAL),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constant(' '),
);

const question = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { maxLength: 60 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: discordText },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 600 }) },
  {
    // ~100 kB: refused at once, and the refusal must still render.
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('<!channel> ', '@everyone ', '**', '\u0000', 'phones '),
        fc.integer({ min: 1, max: 3 }),
      )
      .map(([p, n]) => p.repeat(Math.ceil((100_000 * n) / 3 / p.length))),
  },
);

function expectDiscordSafe(answer: Answer): void {
  const msg = renderDiscord(answer, {
    sessionId: 'abcDEF1234',
    private: true,
    feedback: true,
    maxQuestionChars: 500,
  });
  expect(checkDiscord(msg)).toEqual([]);
  expect(msg.allowedMentions).toEqual({ parse: [], repliedUser: false });
  const shown = [msg.content ?? '', ...msg.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])];
  for (const t of shown) expect(t).not.toMatch(/@(everyone|here)/);
}

function expectSlackSafe(answer: Answer): void {
  const msg = renderSlack(answer, {
    sessionId: 'abcDEF1234',
    share: true,
    feedback: true,
    maxQuestionChars: 500,
  });
  expect(checkSlack(msg)).toEqual([]);
  expectNoControlSequences(msg);
}

describe('hostile questions through the answer service and both renderers (fast-check)', () => {
  let answers: AnswerService;
  beforeAll(async () => {
    answers = await bundledAnswers();
  });

  it('never throw, refuse what is too long, and render within limits with no pings', () => {
    let withPassages = 0;
    fc.assert(
      fc.property(question, (q) => {
        const answer = answers.ask(q);
        if (q.trim().length > 500) expect(answer.reason).toBe('too-long');
        for (const p of answer.passages) {
          for (const h of p.highlights) expect(h.end).toBeLessThanOrEqual(p.text.length);
        }
        if (answer.passages.length > 0) withPassages++;
        expectDiscordSafe(answer);
        expectSlackSafe(answer);
        // What the adapters do with the raw text before asking.
        expect(() => parseTextInput(ask, q)).not.toThrow();
        expect(() => answers.ask(fromSlackText(q, 'U0BOT'))).not.toThrow();
      }),
      { numRuns: 250 },
    );
    // The property means little if hostile text never reached an answer with passages.
    expect(withPassages).toBeGreaterThan(20);
  });

  it('a question of exactly the limit is searched; one character more is refused, saying the limit', () => {
    const base = 'What phones did Xi give Lee? ';
    const atLimit = base.repeat(20).slice(0, 499).concat('x');
    expect(atLimit.length).toBe(500);
    expect(answers.ask(atLimit).reason).not.toBe('too-long');
    const over = answers.ask(`${atLimit}y`);
    expect(over.reason).toBe('too-long');
    const discord = renderDiscord(over, { maxQuestionChars: 500 });
    expect(discord.content).toBe(
      'That question is too long: 501 characters, and I take at most 500. Try asking it in a sentence or two.',
    );
    expect(renderSlack(over, { maxQuestionChars: 500 }).text).toContain(
      '501 characters, and I take at most 500',
    );
  });
});
