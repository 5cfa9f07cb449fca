// dev-only quick quality check (not committed): bundled + Brown tuning + SOTU quality, Archivist only.
import { existsSync } from 'node:fs';
import { importBrown } from './bench/brown.js';
import { bundledQuestions, unanswerableQuestions } from './bench/questions-bundled.js';
import { brownQuestions, brownUnanswerable } from './bench/questions-brown.js';
import { sotuQuestions, yearOfPassage } from './bench/questions-sotu.js';
import { importSotu } from './bench/sotu.js';
import { quality, mrr } from './bench/stats.js';
import { archivistSystem, openArchive } from './bench/systems/archivist.js';
const show = process.argv.includes('--misses');
const fmt = (n: string, q: { questions: number; top1: number; recall3: number; rr: number }) =>
  console.log(`${n}: top1 ${q.top1}/${q.questions} r3 ${q.recall3}/${q.questions} mrr ${mrr(q)}`);
const b = archivistSystem(await openArchive({ dataDir: 'data/articles', cacheFile: false }));
fmt('bundled', quality(bundledQuestions, (q) => b.ask(q.question), (q, id) => q.expected.includes(id)));
console.log('bundled unanswerable → nothing', unanswerableQuestions.filter((q) => b.ask(q).length === 0).length, '/', unanswerableQuestions.length);
if (!existsSync('/tmp/qe/brown/articles')) await importBrown('/tmp/qe/brown');
const ba = await openArchive({ dataDir: '/tmp/qe/brown/articles', cacheFile: false });
const s = archivistSystem(ba);
const key = (a: string) => [...ba.passages.values()].filter((p) => p.text.replace(/\s+/g, ' ').includes(a)).map((p) => p.id);
const tuning = brownQuestions.filter((q) => !q.heldOut);
fmt('brown tuning', quality(tuning, (q) => s.ask(q.question), (q, id) => key(q.answer).includes(id)));
console.log('brown unanswerable → nothing', brownUnanswerable.filter((q) => s.ask(q).length === 0).length, '/', brownUnanswerable.length);
if (show) for (const q of tuning) { const ids = s.ask(q.question); const r = ids.findIndex((id) => key(q.answer).includes(id)); if (r !== 0) console.log(`  rank ${r} [${q.kind}] ${q.question} → ${ids.slice(0, 2).join(' ')} want ${key(q.answer)}`); }
if (process.argv.includes('--sotu')) {
  if (!existsSync('/tmp/qe/sotu/articles')) await importSotu('/tmp/qe/sotu');
  const so = archivistSystem(await openArchive({ dataDir: '/tmp/qe/sotu/articles', cacheFile: false }));
  fmt('sotu', quality(sotuQuestions, (q) => so.ask(q.question), (q, id) => q.years.includes(yearOfPassage(id))));
}
