import path from 'node:path';
import type { Archive } from '../src/core/archive.js';
import { importBrown } from './brown.js';
import { type BrownQuestion, brownQuestions, brownUnanswerable } from './questions-brown.js';
import { bundledQuestions } from './questions-bundled.js';
import { mrr, pct, type Quality, quality, table } from './stats.js';
import { archivistSystem, openArchive } from './systems/archivist.js';
import { flexSearchSystem } from './systems/flexsearch.js';
import { lunrSystem } from './systems/lunr.js';
import { miniSearchSystem } from './systems/minisearch.js';
import type { System } from './systems/types.js';

export type SystemKey = 'Archivist' | 'MiniSearch' | 'FlexSearch' | 'Lunr';
export interface SetResult {
  quality: Quality;
  /** Unanswerable questions the system answered with nothing. */
  nothing?: { of: number; n: number };
}
export type QualityBySet = Record<string, Partial<Record<SystemKey, SetResult>>>;

function systemsFor(archive: Archive): System[] {
  const passages = [...archive.passages.values()].map((p) => ({ id: p.id, text: p.text }));
  return [
    archivistSystem(archive),
    miniSearchSystem(passages),
    flexSearchSystem(passages),
    lunrSystem(passages),
  ];
}

export async function bundledQuality(root: string): Promise<QualityBySet> {
  const archive = await openArchive({ dataDir: path.join(root, 'data', 'articles'), cacheFile: false });
  const out: Partial<Record<SystemKey, SetResult>> = {};
  for (const s of systemsFor(archive)) {
    out[s.name as SystemKey] = {
      quality: await quality(
        bundledQuestions,
        (q) => s.ask(q.question),
        (q, id) => q.expected.includes(id),
      ),
    };
  }
  return { 'Bundled articles': out };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

/**
 * The Brown press archive: imported into `workDir`, each question's answer snippet checked to sit in
 * exactly one passage (a key that matches none or several is reported, not silently scored).
 */
export async function brownQuality(workDir: string): Promise<{ sets: QualityBySet; notes: string[] }> {
  const { dataDir } = await importBrown(path.join(workDir, 'brown'));
  return brownQualityOf(await openArchive({ dataDir, cacheFile: false }));
}

/** {@link brownQuality} on the Brown archive already opened. */
export async function brownQualityOf(archive: Archive): Promise<{ sets: QualityBySet; notes: string[] }> {
  const texts = [...archive.passages.values()].map((p) => [p.id, squash(p.text)] as const);
  const notes: string[] = [];
  const answerOf = new Map<BrownQuestion, Set<string>>();
  for (const q of brownQuestions) {
    const ids = texts.filter(([, t]) => t.includes(q.answer)).map(([id]) => id);
    if (ids.length !== 1) notes.push(`answer key of "${q.question}" is in ${ids.length} passages`);
    answerOf.set(q, new Set(ids));
  }
  const right = (q: BrownQuestion, id: string) => answerOf.get(q)?.has(id) ?? false;
  const tuning = brownQuestions.filter((q) => !q.heldOut);
  const heldOut = brownQuestions.filter((q) => q.heldOut);
  const sets: QualityBySet = { 'Brown press, tuning': {}, 'Brown press, held out': {} };
  for (const s of systemsFor(archive)) {
    const key = s.name as SystemKey;
    const nothing = {
      of: brownUnanswerable.length,
      n: (await Promise.all(brownUnanswerable.map(async (q) => (await s.ask(q)).length))).filter(
        (n) => n === 0,
      ).length,
    };
    (sets['Brown press, tuning'] as Record<string, SetResult>)[key] = {
      quality: await quality(tuning, (q) => s.ask(q.question), right),
      nothing,
    };
    (sets['Brown press, held out'] as Record<string, SetResult>)[key] = {
      quality: await quality(heldOut, (q) => s.ask(q.question), right),
    };
  }
  notes.unshift(
    `Brown press archive: ${archive.articles.size} texts, ${archive.passages.size.toLocaleString('en')} passages; ${tuning.length} tuning + ${heldOut.length} held-out questions, ${brownUnanswerable.length} unanswerable.`,
  );
  return { sets, notes };
}

const LABEL: Record<SystemKey, string> = {
  Archivist: 'Archivist',
  MiniSearch: 'MiniSearch 7, default options',
  FlexSearch: 'FlexSearch 0.8, default options',
  Lunr: 'Lunr 2.3.9',
};

/** One row per set and system: top-1, recall@3, MRR@10, and "nothing answers" on unanswerable questions. */
export function qualityTable(sets: QualityBySet): string {
  const rows: string[][] = [];
  for (const [set, bySystem] of Object.entries(sets)) {
    for (const key of Object.keys(LABEL) as SystemKey[]) {
      const r = bySystem[key];
      if (!r) continue;
      const q = r.quality;
      rows.push([
        `${set} — ${LABEL[key]}`,
        pct(q.top1, q.questions),
        pct(q.recall3, q.questions),
        mrr(q),
        r.nothing ? `${r.nothing.n}/${r.nothing.of}` : '',
      ]);
    }
  }
  return table(['Set — system', 'top-1', 'recall@3', 'MRR@10', 'unanswerable → nothing'], rows);
}
