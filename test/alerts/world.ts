import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AlertPost, AlertPoster } from '../../src/core/alert-state.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { InProcessAnswers } from '../../src/core/answers-port.js';
import { openArchive } from '../../src/core/archive.js';
import type { ChannelRef } from '../../src/core/state.js';

/** A short article in the archive's format, written for these tests. */
export function article(o: {
  title: string;
  date?: string;
  source?: string;
  url?: string;
  body: string;
}): string {
  return [
    '---',
    `title: ${JSON.stringify(o.title)}`,
    `date: ${o.date ?? '2026-03-01'}`,
    `source: ${o.source ?? 'Harbour Herald'}`,
    ...(o.url ? [`url: ${o.url}`] : []),
    '---',
    '',
    o.body,
    '',
  ].join('\n');
}

/** Articles already in the archive before any alert exists; one of them matches "lighthouse keeper". */
export const BEFORE: Record<string, string> = {
  'old-lighthouse.md': article({
    title: 'The old lighthouse keeper retires',
    date: '2019-06-01',
    body: 'After forty years the lighthouse keeper on the point handed over his keys to the coastguard.',
  }),
  'fish-market.md': article({
    title: 'Fish market moves to the quay',
    date: '2020-02-02',
    body: 'Traders at the fish market will sell from new stalls on the quay from next month.',
  }),
};

/** A new article that matches "lighthouse keeper"; `n` makes each one distinct. */
export function matching(n: number): string {
  return article({
    title: `Lighthouse keeper story ${n}`,
    url: `https://news.example/lighthouse-${n}`,
    body: `A new lighthouse keeper, number ${n}, started work on the island light this week, the council said.`,
  });
}

/** A new article that does not match it. */
export const UNRELATED = article({
  title: 'Bakery wins a prize for its rye bread',
  body: 'The bakery on Mill Street won first prize for its rye bread at the county show.',
});

/** A temp folder of articles with an answer service over it; `add` writes files and reindexes. */
export async function alertWorld(files: Record<string, string> = BEFORE) {
  const root = await mkdtemp(path.join(tmpdir(), 'archivist-alerts-'));
  const dataDir = path.join(root, 'articles');
  await mkdir(dataDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dataDir, name), text);
  const service = new AnswerService(await openArchive({ dataDir, cacheFile: false }));
  const answers = new InProcessAnswers(service);
  return {
    root,
    dataDir,
    answers,
    /** Writes the files and swaps the rebuilt archive in (what the live reindex does). */
    async add(more: Record<string, string>) {
      for (const [name, text] of Object.entries(more)) await writeFile(path.join(dataDir, name), text);
      service.replaceArchive(await openArchive({ dataDir, cacheFile: false }));
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A poster that records each post. */
export function recordingPoster(): AlertPoster & { posts: Array<{ target: ChannelRef; post: AlertPost }> } {
  const posts: Array<{ target: ChannelRef; post: AlertPost }> = [];
  const poster = async (target: ChannelRef, post: AlertPost) => {
    posts.push({ target, post });
  };
  return Object.assign(poster, { posts });
}

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };
