import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';

/** Articles over several years: espionage in 2019, twice in 2021, once in 2024; trade in 2022. */
const ARTICLES: Array<[string, string, string]> = [
  [
    'spy-2019',
    '2019-03-01',
    'Officials denied any espionage at the embassy.\n\nThe weather was mild that spring.',
  ],
  [
    'spy-2021a',
    '2021-05-02',
    'A new espionage case opened in May.\n\nLater the espionage charges were dropped.',
  ],
  ['spy-2021b', '2021-08-09', 'Critics called the phone gift a joke about espionage.'],
  ['trade-2022', '2022-01-01', 'Trade talks resumed between the two countries.'],
  ['spy-2024', '2024-06-01', 'Espionage returned to the headlines at the summit.'],
];

/** An answer service over those articles in a temporary folder; `cleanup` removes it. */
export async function trendArchive(): Promise<{ answers: AnswerService; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-trend-'));
  const data = path.join(dir, 'articles');
  await mkdir(data);
  for (const [slug, date, body] of ARTICLES) {
    const front = `---\ntitle: "Report ${date}"\ndate: ${date}\nsource: Test Wire\ntags: []\n---\n\n`;
    await writeFile(path.join(data, `${slug}.md`), front + body);
  }
  const answers = new AnswerService(await openArchive({ dataDir: data, cacheFile: false }));
  return { answers, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Width and height from a PNG's IHDR, after checking its signature. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  if (png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('no IHDR first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
