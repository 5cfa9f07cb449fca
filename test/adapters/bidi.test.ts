import { describe, expect, it } from 'vitest';
import {
  renderAnswer as discordAnswer,
  renderResult as discordResult,
} from '../../src/adapters/discord/render.js';
import { renderAnswer as slackAnswer } from '../../src/adapters/slack/blocks.js';
import { renderResult as slackResult } from '../../src/adapters/slack/render.js';
import {
  renderAnswer as terminalAnswer,
  renderResult as terminalResult,
} from '../../src/adapters/terminal/render.js';
import type { CommandResult } from '../../src/core/command.js';
import type { Answer, PassageHit } from '../../src/core/types.js';
import { answerOf } from '../support/hits.js';

/** Issue 13, item 8: bidi controls in questions, titles and quoted text reach no platform. */

const CONTROLS = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];
const ANY_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
/** Each control spliced into a spoofable file name: "report‮fdp.exe" would read "reportexe.pdf". */
const spoof = (before: string) => CONTROLS.map((c) => `${before}${c}fdp.exe`).join(' ');

const text = `Xi gave Lee two phones ${spoof('report')}. Lee laughed.`;
const hit: PassageHit = {
  id: 'a#1',
  score: 1,
  text,
  highlights: [{ start: 3, end: 7 }],
  bestSentence: { text, start: 0, end: text.length },
  source: {
    slug: 'a',
    title: `Phones ${spoof('title')}`,
    date: '2025-11-01',
    publisher: `Daily ${spoof('pub')}`,
    author: `Kim ${spoof('author')}`,
    heading: `Gifts ${spoof('heading')}`,
    url: 'https://news.example/a',
    path: 'a.md',
    position: { index: 1, count: 2 },
    offsets: { start: 0, end: 1 },
  },
};
const answer: Answer = answerOf(hit, `what phones ${spoof('question')}`);
const article: CommandResult = {
  kind: 'article',
  query: answer.question,
  candidates: [],
  article: {
    meta: {
      slug: 'a',
      title: hit.source.title,
      date: '2025-11-01',
      source: hit.source.publisher,
      author: hit.source.author ?? '',
      url: 'https://news.example/a',
      tags: [spoof('tag')],
      path: 'a.md',
    },
    passages: [
      { id: 'a#1', slug: 'a', heading: hit.source.heading ?? '', text, index: 1, count: 1, start: 0, end: 1 },
    ],
    words: 12,
  },
};
const notFound: CommandResult = { kind: 'article', query: answer.question, candidates: [] };

/** The text is all there, in logical order, without a single control. */
function expectNeutral(out: string) {
  expect(out).not.toMatch(ANY_CONTROL);
  expect(out).toContain('reportfdp.exe');
}

describe('bidi controls are dropped on every platform', () => {
  it('Discord: echoed question, titles, passages, footers and article views', () => {
    // Content, titles, descriptions, fields, footers and authors alike.
    for (const msg of [discordAnswer(answer), discordResult(article), discordResult(notFound)])
      expect(JSON.stringify(msg)).not.toMatch(ANY_CONTROL);
    expect(discordAnswer(answer).embeds[0]?.description?.replace(/\\/g, '')).toContain('reportfdp.exe');
    expect(discordAnswer(answer).content).toContain('questionfdp.exe');
  });

  it('Slack: echoed question, titles, passages, sources, fallback text and article views', () => {
    for (const msg of [slackAnswer(answer), slackResult(article), slackResult(notFound)]) {
      expect(JSON.stringify(msg)).not.toMatch(ANY_CONTROL);
      expect(msg.text).not.toMatch(ANY_CONTROL);
    }
    expectNeutral(JSON.stringify(slackAnswer(answer)));
    expect(JSON.stringify(slackAnswer(answer))).toContain('questionfdp.exe');
  });

  it('terminal: passages, titles, sources, article views and refusals', () => {
    const style = { color: false, width: 100 };
    expectNeutral(terminalAnswer(answer, style));
    expect(terminalAnswer(answer, style)).toContain('titlefdp.exe');
    expect(terminalResult(article, style)).not.toMatch(ANY_CONTROL);
    expect(terminalResult(notFound, style)).not.toMatch(ANY_CONTROL);
    expect(terminalAnswer({ ...answer, passages: [], suggestions: [spoof('hint')] }, style)).not.toMatch(
      ANY_CONTROL,
    );
    // Highlights still land on the words they matched once controls are gone.
    const colored = terminalAnswer(
      { ...answer, passages: [{ ...hit, text: `\u202e${text}`, highlights: [{ start: 4, end: 8 }] }] },
      { color: true, width: 100 },
    );
    // The answering sentence's underline may follow the bold; it does not move the highlight.
    expect(colored.replaceAll('\x1b[4m', '')).toContain('\x1b[1m\x1b[33mgave');
  });
});
