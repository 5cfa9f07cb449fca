import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { createLogger } from '../../src/logger.js';
import { createOps } from '../../src/observability/ops.js';
import { type LiveReindex, type ReindexEvent, startLiveReindex } from '../../src/reindex/watch.js';
import { asAnswers } from '../support/services.js';

const ZEPPELIN = `---
title: "A zeppelin lands in Gyeongju"
date: 2025-11-02
source: Test Gazette
---

A silver zeppelin landed beside the summit venue in Gyeongju on Sunday, drawing crowds of onlookers.

The airship's captain said the flight from Busan took four hours because of strong headwinds.
`;

interface Harness {
  dir: string;
  answers: AnswerService;
  watcher: LiveReindex;
  cacheFile: string;
  events: ReindexEvent[];
  logs: string[];
  /** Resolves with the next event of this type (register before causing it). */
  next(type: ReindexEvent['type']): Promise<ReindexEvent>;
}

let open: Harness | undefined;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function start(): Promise<Harness> {
  const root = await mkdtemp(path.join(tmpdir(), 'archivist-reindex-'));
  const dir = path.join(root, 'articles');
  await cp('data/articles', dir, { recursive: true });
  const answers = new AnswerService(await openArchive({ dataDir: dir, cacheFile: false }));
  const logs: string[] = [];
  const logger = createLogger({
    level: 'info',
    pretty: false,
    destination: new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const events: ReindexEvent[] = [];
  const waiters: Array<{ type: ReindexEvent['type']; resolve: (e: ReindexEvent) => void }> = [];
  const cacheFile = path.join(root, 'var', 'index.cache');
  const watcher = startLiveReindex({
    dataDir: dir,
    cacheFile,
    answers: asAnswers(answers),
    logger,
    debounceMs: 30,
    onEvent: (e) => {
      events.push(e);
      for (const w of waiters.splice(0)) {
        if (w.type === e.type) w.resolve(e);
        else waiters.push(w);
      }
    },
  });
  await watcher.ready;
  open = {
    dir,
    cacheFile,
    answers,
    watcher,
    events,
    logs,
    next: (type) => new Promise((resolve) => waiters.push({ type, resolve })),
  };
  return open;
}

afterEach(async () => {
  await open?.watcher.close();
  if (open) await rm(path.dirname(open.dir), { recursive: true, force: true });
  open = undefined;
});

describe('live reindex', () => {
  it('answers from an added article after the swap, and forgets it once removed', async () => {
    const h = await start();
    expect(h.answers.ask('zeppelin airship').reason).toBe('no-match');

    const swapped = h.next('swapped');
    await writeFile(path.join(h.dir, 'zeppelin.md'), ZEPPELIN);
    expect(await swapped).toMatchObject({ type: 'swapped', articles: 3 });
    const answer = h.answers.ask('Where did the zeppelin land?');
    expect(answer.passages[0]?.source.slug).toBe('zeppelin');
    expect(answer.passages[0]?.text).toMatch(/landed beside the summit venue/);
    expect(h.logs.join('')).toMatch(/archive reindexed/);

    const removed = h.next('swapped');
    await rm(path.join(h.dir, 'zeppelin.md'));
    expect(await removed).toMatchObject({ articles: 2 });
    expect(h.answers.ask('zeppelin airship').reason).toBe('no-match');
  });

  it('picks up an edited article', async () => {
    const h = await start();
    const file = path.join(h.dir, 'xi-backdoor-joke-xiaomi-phones.md');
    const swapped = h.next('swapped');
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}\nThe phones were later auctioned for charity in Incheon.\n`,
    );
    await swapped;
    expect(h.answers.ask('Where were the phones auctioned?').passages[0]?.text).toMatch(
      /auctioned for charity/,
    );
  });

  it('keeps answering from the old archive while a rebuild runs', async () => {
    const h = await start();
    const during: Array<{ passages: number; swappedYet: boolean }> = [];
    const started = h.next('start');
    const swapped = h.next('swapped');
    await writeFile(path.join(h.dir, 'zeppelin.md'), ZEPPELIN);
    await started;
    // The rebuild has begun and not finished: this question is answered in between its steps.
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const a = h.answers.ask('What phones did Xi give President Lee?');
        during.push({ passages: a.passages.length, swappedYet: h.events.some((e) => e.type === 'swapped') });
        resolve();
      }),
    );
    await swapped;
    expect(during).toEqual([{ passages: 3, swappedYet: false }]);
    expect(h.answers.ask('zeppelin').passages[0]?.source.slug).toBe('zeppelin');
  });

  it('keeps the old archive when a rebuild fails, and logs why', async () => {
    const h = await start();
    const failed = h.next('failed');
    await rm(h.dir, { recursive: true, force: true });
    await h.watcher.reindex();
    expect(await failed).toMatchObject({ type: 'failed' });
    expect(h.answers.ask('What phones did Xi give President Lee?').passages.length).toBeGreaterThan(0);
    expect(h.logs.join('')).toMatch(/reindex failed; still answering from the previous archive/);
  });

  it('ends a burst of changes with all of them swapped in, and skips a rebuild that changes nothing', async () => {
    const h = await start();
    await Promise.all(
      ['one', 'two', 'three'].map((n) =>
        writeFile(path.join(h.dir, `${n}.md`), ZEPPELIN.replace('zeppelin lands', `zeppelin ${n} lands`)),
      ),
    );
    await writeFile(path.join(h.dir, 'notes.txt'), 'not an article');
    for (;;) {
      const swapped = h.next('swapped');
      if (h.answers.archive.articles.size === 5) break;
      await swapped;
    }
    const swaps = h.events.filter((e) => e.type === 'swapped').length;
    const unchanged = h.next('unchanged');
    await h.watcher.reindex();
    await unchanged;
    expect(h.events.filter((e) => e.type === 'swapped')).toHaveLength(swaps);
  });
});

describe('live reindex, what users see', () => {
  it('catches up once watching with files added while the archive was loading', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-reindex-'));
    const dir = path.join(root, 'articles');
    await cp('data/articles', dir, { recursive: true });
    const answers = new AnswerService(await openArchive({ dataDir: dir, cacheFile: false }));
    await writeFile(path.join(dir, 'zeppelin.md'), ZEPPELIN); // before the watcher starts: no event
    const live = startLiveReindex({
      dataDir: dir,
      answers: asAnswers(answers),
      logger: silent,
      debounceMs: 30,
    });
    try {
      await live.ready;
      expect(answers.ask('zeppelin airship').passages[0]?.source.slug).toBe('zeppelin');
    } finally {
      await live.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reports the new counts in stats() after a swap', async () => {
    const h = await start();
    const before = h.answers.stats();
    const swapped = h.next('swapped');
    await writeFile(path.join(h.dir, 'zeppelin.md'), ZEPPELIN);
    await swapped;
    const after = h.answers.stats();
    expect(after.articles).toBe(before.articles + 1);
    expect(after.passages).toBeGreaterThan(before.passages);
  });

  it('shows the new counts in the index gauges of /metrics after a swap', async () => {
    const h = await start();
    const { metrics } = createOps(loadConfig({ dotenvDir: false, env: {} }), asAnswers(h.answers));
    const gauge = async (name: string) =>
      Number(/ (\d+)$/m.exec(await metrics.registry.getSingleMetricAsString(name))?.[1]);
    expect(await gauge('archivist_index_articles')).toBe(2);
    const swapped = h.next('swapped');
    await writeFile(path.join(h.dir, 'zeppelin.md'), ZEPPELIN);
    const event = (await swapped) as Extract<ReindexEvent, { type: 'swapped' }>;
    expect(await gauge('archivist_index_articles')).toBe(3);
    expect(await gauge('archivist_index_passages')).toBe(event.passages);
  });

  it('logs a broken file with its path and line, and keeps answering', async () => {
    const h = await start();
    const done = h.next('unchanged');
    await writeFile(
      path.join(h.dir, 'broken.md'),
      '---\ntitle: "No date"\nsource: Test Gazette\n---\n\nBody.\n',
    );
    await done;
    expect(h.logs.join('')).toMatch(/skipped [^"]*broken\.md:4: missing required field \\"date\\"/);
    expect(h.answers.stats().problems).toBe(1);
    expect(h.answers.ask('What phones did Xi give President Lee?').passages.length).toBeGreaterThan(0);
  });

  it('saves the index after a swap, so a restart loads it with the new article', async () => {
    const h = await start();
    const saved = h.next('cache-saved');
    await writeFile(path.join(h.dir, 'zeppelin.md'), ZEPPELIN);
    const { fingerprint } = (await saved) as { fingerprint: string };
    expect(fingerprint).toBe(h.answers.archive.build.fingerprint);
    const restarted = await openArchive({ dataDir: h.dir, cacheFile: h.cacheFile });
    expect(restarted.build.source).toBe('cache');
    expect(new AnswerService(restarted).ask('zeppelin airship').passages[0]?.source.slug).toBe('zeppelin');
  });

  it('stops a rebuild in progress when closed, without swapping', async () => {
    const h = await start();
    const fingerprint = h.answers.archive.build.fingerprint;
    const started = h.next('start');
    await writeFile(path.join(h.dir, 'zeppelin.md'), ZEPPELIN);
    await started;
    await h.watcher.close();
    expect(h.answers.archive.build.fingerprint).toBe(fingerprint);
    expect(h.events.map((e) => e.type)).not.toContain('swapped');
  });
});
