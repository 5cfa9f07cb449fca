import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** `npm start` is `tsx src/main.ts`; run from a scratch folder so no local .env is read. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start with a DATABASE_URL it cannot reach', () => {
  it('prints one line naming host, port and database (not the password) and exits 1', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-pgstart-'));
    const env = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: path.join(ROOT, 'data/articles'),
      INDEX_CACHE: 'off',
      WATCH_DATA: 'off',
      LOG_LEVEL: 'warn',
      // A chat platform needs the store, so a store it cannot open stops the start.
      SLACK_BOT_TOKEN: 'xoxb-fake',
      SLACK_SIGNING_SECRET: 'fake-secret',
      DATABASE_URL: 'postgres://archivist:s3cret-pw@127.0.0.1:1/newsroom',
    };
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', TSX, path.join(ROOT, 'src/main.ts')],
        { cwd: dir, env, timeout: 30_000 },
        (_err, out, err) => resolve({ code: child.exitCode, stdout: out, stderr: err }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^archivist: cannot use the PostgreSQL state store postgres:\/\/archivist@127\.0\.0\.1:1\/newsroom \(connect ECONNREFUSED/,
    );
    expect(stderr).not.toMatch(/s3cret/);
  });
});
