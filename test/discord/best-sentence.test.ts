import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/adapters/discord/limits.js';
import { highlightedText } from '../../src/adapters/discord/markdown.js';
import { renderAnswer } from '../../src/adapters/discord/render.js';
import { answerOf, hitFor } from '../support/hits.js';
import { rangesFor, text } from './arbitraries.js';
import { directReply, type Harness, startHarness } from './harness.js';

/** The underlined spans of Discord markdown, escapes left in place. */
const underlined = (md: string) => [...md.matchAll(/__([\s\S]+?)__(?!_)/g)].map((m) => m[1] as string);

/** Syntax Discord would act on once escapes are set aside: links, mentions, our markers excepted. */
function live(md: string): string[] {
  const bare = md.replace(/\\[\s\S]/g, '\u0000').replace(/\*\*|__/g, '');
  return bare.match(/\]\(|<|\[|[a-z][\w+.-]*:\/\/|[*_`~|]/gi) ?? [];
}

describe('Discord: the answering sentence underlined inside the quoted passage', () => {
  it('underlines the answer, not the FAQ question, keeping the bold matched words', () => {
    const hit = hitFor(
      'What phones did Xi give President Lee?\n\nXi gifted two Xiaomi smartphones. They were new.',
      'What phones did Xi give Lee?',
    );
    const md = renderAnswer(answerOf(hit)).embeds[0]?.description ?? '';
    expect(md).toBe(
      'What **phones** did **Xi** **give** President **Lee**?\n\n__**Xi** gifted two Xiaomi smartphones.__ They were new.',
    );
  });

  it('links, mentions and markers inside the sentence stay escaped', () => {
    const hit = hitFor(
      'Intro line here. Xi said [click](https://evil.example) <@123> __x__ https://evil.example **phones**. Outro.',
      'phones Xi',
    );
    const md = renderAnswer(answerOf(hit)).embeds[0]?.description ?? '';
    expect(underlined(md)).toHaveLength(1);
    expect(underlined(md)[0]).toMatch(/^\*\*Xi\*\* said/);
    expect(live(md)).toEqual([]);
  });

  // Bold ranges on their own are render-limits.test.ts's; here any mark, with and without them.
  it('any text and mark: within the limit, nothing live, no line-start syntax (fast-check)', () => {
    const withMark = text
      .filter((t) => t.length < 1500 && t.length > 0)
      .map((t) => t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''))
      .chain((t) =>
        fc.tuple(
          fc.constant(t),
          rangesFor(t),
          fc
            .tuple(fc.nat({ max: t.length }), fc.nat({ max: t.length }))
            .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
        ),
      );
    fc.assert(
      fc.property(withMark, ([t, ranges, mark]) => {
        const md = highlightedText(t, [], LIMITS.embedDescription, mark);
        expect(md.length).toBeLessThanOrEqual(LIMITS.embedDescription);
        expect(live(md)).toEqual([]);
        const both = highlightedText(t, ranges, LIMITS.embedDescription, mark);
        expect(live(both).filter((l) => !l.includes('://'))).toEqual([]);
        for (const line of [...md.split('\n'), ...both.split('\n')])
          expect(line).not.toMatch(/^\s*(>|-#|#{1,3} )/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Discord stand-in: /ask shows the sentence that answers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('"What phones did Xi give Lee?": the FAQ passage underlines the Xiaomi answer, not its question', async () => {
    const { id } = h.discord.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'What phones did Xi give Lee?' }],
    });
    const reply = await directReply(h, id);
    const embeds = reply.body.embeds as Array<{ description: string }>;
    const faq = embeds.find((e) => e.description.startsWith('What **phones** did'));
    expect(faq, 'the FAQ passage, its question first').toBeDefined();
    const marked = underlined(faq?.description ?? '');
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(/^\*\*Xi\*\* gifted two Xiaomi smartphones/);
    expect(marked[0]).not.toContain('?');
    for (const e of embeds) expect(underlined(e.description).length).toBeLessThanOrEqual(1);
  });
});
