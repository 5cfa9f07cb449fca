import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import type { Clock } from '../../src/core/clock.js';
import type { DailyLog, DailyPoster } from '../../src/core/daily/deliver.js';
import { DailyService } from '../../src/core/daily/service.js';
import type { ChannelRef } from '../../src/core/state.js';
import type { OnThisDay } from '../../src/core/types.js';
import { SqliteStateStore } from '../../src/state/sqlite-store.js';

/** A few short news articles, written for these tests, with dates in front matter and in the text. */
export const ARTICLES: Record<string, string> = {
  'harbour-bridge-opens.md': `---
title: "Harbour bridge opens to traffic after six years of work"
date: 2016-11-01
source: Coastal Courier
tags: [transport]
---

The new harbour bridge opened to traffic on Tuesday morning, six years after the first pile was driven into the estuary. Commuters queued from dawn to be among the first to cross.

The mayor said the crossing would cut the morning journey from the northern suburbs by twenty minutes.
`,
  'leap-day-budget.md': `---
title: "Council passes a budget on leap day"
date: 2024-02-29
source: Coastal Courier
tags: [council]
---

Councillors voted through the annual budget late on Thursday, a day that comes round only once every four years. The vote was 9 to 4.

The budget freezes parking charges and funds two new lifeguard posts for the summer.
`,
  'ferry-retrospective.md': `---
title: "Ten years of the island ferry, remembered"
date: 2023-05-10
source: Island Weekly
tags: [transport, history]
---

The ferry first sailed in 2009, when the island had no fixed link to the mainland.

On Friday, November 1, 2019, the last scheduled crossing left the quay at 6 p.m., watched by a crowd of several hundred people.

Back in 2016 the operator had warned that falling passenger numbers would end the service. Last Tuesday the old vessel was sold for scrap.

The island's first referendum on a fixed link was held on 29 February 2020, and it passed by a wide margin.
`,
  'storm-warning.md': `---
title: "Storm warning for the coast as gales approach"
date: 2025-11-03
source: Coastal Courier
tags: [weather]
---

Forecasters issued an amber warning for gales along the coast, with gusts of up to 70 mph expected overnight.

Ferry sailings were cancelled and the harbour bridge may close to high-sided vehicles.
`,
};

export async function tempDir(
  prefix = 'archivist-daily-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An answer service over ARTICLES (or the files given), written to `dir`. */
export async function answersOver(
  dir: string,
  clock?: Clock,
  files: Record<string, string> = ARTICLES,
): Promise<AnswerService> {
  const data = path.join(dir, 'articles');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(data, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(data, name), text);
  const archive = await openArchive({ dataDir: data, cacheFile: false });
  return new AnswerService(archive, clock ? { clock } : {});
}

/**
 * A temp folder holding ARTICLES, an answer service over them, a state store and a DailyService with
 * the default settings, all on `clock`. `cleanup` closes the store and removes the folder.
 */
export async function dailyWorld(clock: Clock): Promise<{
  answers: AnswerService;
  store: SqliteStateStore;
  daily: DailyService;
  cleanup: () => Promise<void>;
}> {
  const t = await tempDir();
  const answers = await answersOver(t.dir, clock);
  const store = SqliteStateStore.open(path.join(t.dir, 'state.db'));
  const daily = new DailyService(
    store,
    { defaultTime: '09:00', defaultTimeZone: 'UTC', catchupHours: 6, maxFailures: 3, nearestWithinDays: 0 },
    clock,
  );
  return {
    answers,
    store,
    daily,
    cleanup: async () => {
      await store.close();
      await t.cleanup();
    },
  };
}

/** A poster that records every call; `fail` makes it reject for the channels named. */
export function recordingPoster(): DailyPoster & {
  calls: Array<{ target: ChannelRef; result: OnThisDay }>;
  fail: Set<string>;
} {
  const calls: Array<{ target: ChannelRef; result: OnThisDay }> = [];
  const fail = new Set<string>();
  const poster = async (target: ChannelRef, result: OnThisDay) => {
    if (fail.has(target.channelId)) {
      throw Object.assign(new Error('Missing Access'), { code: 50001 });
    }
    calls.push({ target, result });
  };
  return Object.assign(poster, { calls, fail });
}

/** A logger that keeps what it was told, for assertions on warnings. */
export function memoryLog(): DailyLog & { lines: Array<{ level: string; msg: string; obj: object }> } {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  const at = (level: string) => (obj: object, msg: string) => {
    lines.push({ level, msg, obj });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** One short article per date given (`YYYY-MM-DD`), so that every day of a simulation has a story. */
export function datedArticles(dates: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const date of dates) {
    files[`courier-${date}.md`] = `---
title: "Harbour works: progress report of ${date}"
date: ${date}
source: Coastal Courier
tags: [harbour]
---

Engineers on the harbour works reported steady progress this week, with the new sea wall now standing above the spring-tide line along most of its length.

The harbour master said fishing boats would be able to use the inner basin again before the end of the season.
`;
  }
  return files;
}
