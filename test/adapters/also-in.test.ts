import { describe, expect, it } from 'vitest';
import { renderAnswer as discordAnswer } from '../../src/adapters/discord/render.js';
import { alsoInText } from '../../src/adapters/shared/also-in.js';
import { renderAnswer as slackAnswer } from '../../src/adapters/slack/blocks.js';
import { renderAnswer as terminalAnswer } from '../../src/adapters/terminal/render.js';
import type { PassageHit, Source } from '../../src/core/types.js';
import { answerOf, hitFor } from '../support/hits.js';

const from = (publisher: string, slug: string): Source => ({ ...hitFor('x', 'x').source, publisher, slug });

function folded(publishers: string[]): PassageHit {
  const hit = hitFor('Xi gifted two Xiaomi smartphones to Lee.', 'What phones did Xi give Lee?');
  return { ...hit, alsoIn: publishers.map((p, i) => from(p, `copy-${i}`)) };
}

describe('"Also in" for a story several papers printed', () => {
  it('names the other publishers once each, at most three, then how many more', () => {
    expect(alsoInText(folded(['Reuters', 'AP', 'Reuters']))).toBe('Also in: Reuters, AP');
    expect(alsoInText(folded(['A', 'B', 'C', 'D', 'E']))).toBe('Also in: A, B, C and 2 more');
    expect(alsoInText(folded([]))).toBeUndefined();
  });

  it('shows under the source on Discord, Slack and in the terminal', () => {
    const answer = answerOf(folded(['Reuters', 'AP']));
    const embed = discordAnswer(answer).embeds[0];
    expect(embed?.footer?.text).toMatch(/Unknown publisher · .*\nAlso in: Reuters, AP$/);
    const slack = JSON.stringify(slackAnswer(answer).blocks);
    expect(slack).toContain('Also in: Reuters, AP');
    const text = terminalAnswer(answer, { color: false, width: 80 });
    expect(text).toMatch(/— FAQ\n.*\n\s+Also in: Reuters, AP/);
  });

  it('adds nothing when nothing was folded in', () => {
    const answer = answerOf(folded([]));
    expect(discordAnswer(answer).embeds[0]?.footer?.text).not.toContain('Also in');
    expect(JSON.stringify(slackAnswer(answer).blocks)).not.toContain('Also in');
    expect(terminalAnswer(answer, { color: false, width: 80 })).not.toContain('Also in');
  });
});
