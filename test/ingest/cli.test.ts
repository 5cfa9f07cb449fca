import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function ingestCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/ingest.ts', ...args],
      {
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run ingest', () => {
  it('imports, lists rejects with their reason, and exits 1 when some were rejected', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-ingest-cli-'));
    const file = path.join(root, 'feed.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ title: 'Ferry service resumes', date: '2024-05-01', text: 'The island ferry runs again from Monday.' })}\n{oops\n`,
    );
    const out = path.join(root, 'articles');
    const first = await ingestCli(['--out', out, '--source', 'Harbour News', file]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`rejected ${file}:2: bad JSON on line 2`);
    expect(first.stdout).toMatch(/^1 written, 0 duplicates skipped, 1 rejected$/m);
    expect(await readdir(out)).toEqual(['2024-05-01-ferry-service-resumes.md']);

    const again = await ingestCli(['--out', out, file]);
    expect(again.stdout).toMatch(/^0 written, 1 duplicates skipped, 1 rejected$/m);
  });

  it('takes MAX_ARTICLE_BYTES from the environment: a larger file is rejected, the others imported', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'archivist-ingest-limit-'));
    const story = (title: string, text: string) => `Title: ${title}\nDate: 2024-05-01\n\n${text}\n`;
    const big = path.join(root, 'big.txt');
    await writeFile(big, story('Big story', 'word '.repeat(600)));
    await writeFile(path.join(root, 'small.txt'), story('Small story', 'A short one.'));
    const out = path.join(root, 'articles');
    const result = await ingestCli(['--out', out, root], { MAX_ARTICLE_BYTES: '1KB' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `rejected ${big}: is 3 KB, over the 1 KB limit for one article (MAX_ARTICLE_BYTES)`,
    );
    expect(await readdir(out)).toEqual(['2024-05-01-small-story.md']);

    const invalid = await ingestCli(['--out', out, root], { MAX_ARTICLE_BYTES: 'lots' });
    expect(invalid).toMatchObject({ code: 2, stderr: expect.stringContaining('MAX_ARTICLE_BYTES must be') });
  });

  it('explains its usage', async () => {
    const [help, none, unknown] = await Promise.all([
      ingestCli(['--help']),
      ingestCli([]),
      ingestCli(['--nope', 'x']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run ingest --');
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage:') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--nope'") });
  });
});
