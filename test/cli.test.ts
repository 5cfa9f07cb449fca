import { execFile } from 'node:child_process';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** Runs an npm script as a user would, with a clean environment (no tokens) and the cache off. */
async function npm(
  args: string[],
  input?: string,
): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    INDEX_CACHE: 'off',
    NO_COLOR: '1',
  };
  const child = run('npm', ['run', '--silent', ...args], { env, timeout: 30_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('scripts', () => {
  it('`npm start` answers a piped question and exits at end of input', async () => {
    const { stdout, code } = await npm(['start'], 'What phones did Xi give Lee?\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Xiaomi/);
    expect(stdout).toMatch(/Unknown publisher · 1 Nov 2025/);
  });

  it('ask --json prints exactly one JSON object: the answer', async () => {
    const { stdout, code } = await npm(['ask', '--', '--json', '--limit', '2', 'Who is John Delury?']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.passages).toHaveLength(2);
    expect(answer.passages[0].text).toMatch(/Delury/);
    expect(answer.total).toBeGreaterThan(2);
  });

  it('ask takes after:, before: and source: inline, as the chat does', async () => {
    const none = JSON.parse((await npm(['ask', '--', '--json', 'Xiaomi after:2026-01-01'])).stdout);
    expect(none).toMatchObject({ total: 0, reason: 'no-match-in-filters', filters: { from: '2026-01-01' } });
    expect(none.terms).toEqual(['xiaomi']);
    const within = JSON.parse((await npm(['ask', '--', '--json', 'Xiaomi before:2025-12-31'])).stdout);
    expect(within.total).toBeGreaterThan(0);
  });

  it('onthisday --json --date 2026-11-01 lists the 1 November 2025 story', async () => {
    const { stdout, code } = await npm(['onthisday', '--', '--json', '--date', '2026-11-01']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.date).toBe('2026-11-01');
    expect(r.items.map((i: { date: string }) => i.date)).toContain('2025-11-01');
  });

  it('loads another folder with --data and names a broken file with its line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'archivist-cli-'));
    await cp('data/articles', dir, { recursive: true });
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: Broken\nsource: S\n---\nbody\n');
    const { stdout, stderr, code } = await npm(['ask', '--', '--data', dir, '--json', 'backdoor']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).passages.length).toBeGreaterThan(0);
    expect(stderr).toContain(`${path.join(dir, 'broken.md')}:4`);
    expect(stderr).toContain('missing required field "date"');
  });

  it('rejects bad flags and dates with a short message', async () => {
    const bad = await npm(['onthisday', '--', '--date', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a date; write it as YYYY-MM-DD/);
    const impossible = await npm(['ask', '--', '--json', 'Xiaomi after:2025-02-30']);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toMatch(/"2025-02-30" is not a date/);
    const unknown = await npm(['ask', '--', '--frobnicate', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Usage: npm run --silent ask/);
  });
});
