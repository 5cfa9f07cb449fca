import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/core/articles.js';
import { chunkArticle } from '../../src/core/chunker.js';
import { renderArticle, uniqueSlug } from '../../src/ingest/article-file.js';
import type { ArticleDraft } from '../../src/ingest/fields.js';
import { oneLine, plainToBody } from '../../src/ingest/text.js';

const draft = (over: Partial<ArticleDraft> = {}): ArticleDraft => ({
  title: 'Xi jokes: "You can check if there\'s a backdoor"',
  date: '2025-11-01',
  source: 'Unknown publisher',
  tags: [],
  body: 'First paragraph.\n\nSecond paragraph.',
  ...over,
});

/** Text as the importer would produce it for a field: one line, control characters gone. */
const fieldText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .map(oneLine)
  .filter((s) => s.length > 0);
const tricky = fc.oneof(
  fieldText,
  fc.constantFrom(
    'true',
    'null',
    '2025-11-01',
    '- dash',
    '# hash',
    "it's",
    '"quoted"',
    'a: b',
    '---',
    '@at',
    '*star',
    '[x]',
    '{y}',
    '1e3',
    'ÉTÉ — 夏',
    '🙂 emoji',
  ),
);
const paragraph = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
  .map(oneLine)
  .filter((s) => s.length > 0 && !/^(#|---)/.test(s));

describe('article files', () => {
  it('load back through parseArticle with every field intact, whatever the text', () => {
    fc.assert(
      fc.property(
        tricky,
        tricky,
        fc.option(tricky, { nil: undefined }),
        fc.array(tricky, { maxLength: 4 }),
        fc.array(paragraph, { minLength: 1, maxLength: 4 }),
        fc.date({ min: new Date('1700-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (title, source, author, tags, paragraphs, when) => {
          const d = draft({
            title,
            source,
            ...(author ? { author } : {}),
            tags: [...new Set(tags)],
            body: paragraphs.join('\n\n'),
            date: when.toISOString().slice(0, 10),
          });
          const a = parseArticle('data/articles/x.md', renderArticle(d));
          expect(a.title).toBe(d.title);
          expect(a.source).toBe(d.source);
          expect(a.date).toBe(d.date);
          expect(a.author).toBe(d.author);
          expect(a.tags).toEqual(d.tags);
          expect(a.body.trim()).toBe(d.body);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes the URL only when there is one, and quotes what YAML would misread', () => {
    const text = renderArticle(draft({ url: 'https://example.com/a?b=1#c', title: 'null' }));
    expect(text).toMatch(/^title: (["'])null\1$/m);
    expect(parseArticle('x.md', text)).toMatchObject({ title: 'null', url: 'https://example.com/a?b=1#c' });
    expect(renderArticle(draft())).not.toContain('url:');
  });

  it('keeps each paragraph of imported plain text a passage of its own', () => {
    const body = plainToBody('One line\nwrapped.\n\n\nTwo.\r\n\r\nThree   spaced   out.');
    expect(body).toBe('One line wrapped.\n\nTwo.\n\nThree spaced out.');
    expect(chunkArticle('s', body).map((p) => p.text)).toEqual([
      'One line wrapped.',
      'Two.',
      'Three spaced out.',
    ]);
    expect(plainToBody('Para one.\nPara two.')).toBe('Para one.\n\nPara two.');
  });

  it('makes slugs from date and title, unique, and usable as file names', () => {
    const taken = new Set(['2025-11-01-xi-jokes']);
    expect(uniqueSlug({ date: '2025-11-01', title: 'Xi jokes' }, taken)).toBe('2025-11-01-xi-jokes-2');
    expect(uniqueSlug({ date: '2025-11-01', title: 'Xi jokes' }, taken)).toBe('2025-11-01-xi-jokes-3');
    expect(uniqueSlug({ date: '2025-11-01', title: 'Élysée: “Qui?”' }, taken)).toBe('2025-11-01-elysee-qui');
    expect(uniqueSlug({ date: '2025-11-01', title: '习近平的玩笑' }, taken)).toMatch(
      /^2025-11-01-[0-9a-f]{8}$/,
    );
    const long = uniqueSlug({ date: '2025-11-01', title: 'word '.repeat(40) }, taken);
    expect(long.length).toBeLessThanOrEqual(11 + 60);
  });
});
