import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function ingestCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...args]);
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
