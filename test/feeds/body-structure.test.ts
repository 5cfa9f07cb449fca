import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { chunkArticle } from '../../src/core/chunker.js';
import { type FeedServer, page, rss, startFeedServer } from '../support/feed-server.js';
import { makeRig, pollOnce, type Rig, ZEPPELIN_PAGE } from './helpers.js';

let server: FeedServer;
let rig: Rig;
beforeEach(async () => {
  server = await startFeedServer();
  rig = await makeRig();
});
afterEach(async () => {
  await rig.cleanup();
  await server.close();
});

const LONG =
  'The airship stayed moored for three hours while delegates queued to photograph it from the lawn, and officials said the visit had been approved weeks in advance.';

/** Polls a feed of one item (its page as given), then opens the archive the poller wrote. */
async function pollAndOpen(content: string | undefined, pageRoute: Parameters<FeedServer['set']>[1]) {
  server.set('/story-1', pageRoute);
  const item = {
    title: ZEPPELIN_PAGE.title,
    link: server.url('/story-1'),
    guid: 'story-1',
    date: '2025-11-02T09:30:00+09:00',
    ...(content ? { content } : {}),
  };
  server.set('/feed.xml', { body: rss('Wire', [item]), type: 'application/rss+xml' });
  await rig.poller.add(server.url('/feed.xml'), undefined, 'u1');
  await pollOnce(rig, server.url('/feed.xml'));
  const [file] = await rig.files();
  const saved = await rig.read(file ?? '');
  const archive = await openArchive({ dataDir: rig.dir, cacheFile: false });
  return { saved, passages: [...archive.passages.values()], answers: new AnswerService(archive) };
}

describe('text from a feed item or a page never becomes article structure', () => {
  it('a "## " line in a feed item (HTML or plain text) stays a paragraph, shown without an escape', async () => {
    for (const content of [
      `<p>Crowds waved.</p><p>## Fake heading</p><p>${LONG}</p>`,
      `Crowds waved.\n\n## Fake heading\n\n${LONG}`,
    ]) {
      const { saved, passages, answers } = await pollAndOpen(content, { status: 500, body: 'oops' });
      expect(saved).not.toMatch(/^## Fake heading$/m);
      expect(passages.some((p) => p.heading === 'Fake heading')).toBe(false);
      const shown = passages.find((p) => p.text.includes('Fake heading'));
      expect(shown?.text).toBe('## Fake heading');
      const answer = await answers.ask('Fake heading');
      expect(answer.passages[0]?.text).toBe('## Fake heading');
      expect(answer.passages.some((p) => p.source.heading === 'Fake heading')).toBe(false);
      await rig.cleanup();
      rig = await makeRig();
    }
  });

  it('a page paragraph reading "### Injected" is text; the page’s own headings still head sections', async () => {
    const html = page({
      title: ZEPPELIN_PAGE.title,
      siteName: 'Gyeongju Daily',
      paragraphs: [...ZEPPELIN_PAGE.paragraphs, '### Injected', LONG],
    }).replace('<p>### Injected</p>', '<h2>Real section</h2><p>### Injected</p>');
    const { saved, passages } = await pollAndOpen(undefined, { type: 'text/html', body: html });
    expect(saved).toMatch(/^## Real section$/m);
    expect(saved).not.toMatch(/^### Injected$/m);
    expect(passages.some((p) => p.heading === 'Real section')).toBe(true);
    expect(passages.some((p) => p.heading === 'Injected')).toBe(false);
    expect(passages.some((p) => p.text.includes('\\#'))).toBe(false);
    expect(passages.some((p) => p.text.includes('### Injected'))).toBe(true);
  });

  it('the chunker reads an escaped "\\#" line as a paragraph and drops the backslash', () => {
    const passages = chunkArticle('a', `## Real\n\nFirst.\n\n\\## Not a heading\n\n${LONG}`);
    expect(passages.map((p) => p.heading ?? '')).toEqual(['Real', 'Real', 'Real']);
    expect(passages[1]?.text).toBe('## Not a heading');
  });
});
