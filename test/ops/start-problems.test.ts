import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** `npm start` (tsx src/main.ts) in a scratch folder, stdin not a terminal; resolves with its exit and output. */
function run(cwd: string, env: Record<string, string>, stdin: 'ignore' | string) {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: path.join(ROOT, 'data/articles'),
      INDEX_CACHE: 'off',
      STATE_DB: path.join(cwd, 'state.db'),
      WATCH_DATA: 'off',
      ...env,
    },
    stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin !== 'ignore') child.stdin?.end(stdin);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    }),
  );
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

describe('npm start when there is nothing to serve or the platform cannot be reached', () => {
  it('no platform and no terminal on stdin: says what is missing, names a misspelled setting, exits 1', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-start-'));
    const r = await run(dir, { DISCORD_BOT_TOKEN: 'secret-value-never-printed' }, 'ignore');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing to serve: no chat platform is configured and stdin is not a terminal/);
    expect(r.err).toMatch(/DISCORD_TOKEN and DISCORD_APP_ID/);
    expect(r.err).toMatch(/DISCORD_BOT_TOKEN is set but not a setting/);
    expect(r.err).not.toContain('secret-value-never-printed');
  });

  it('questions piped in are answered and the exit is 0', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-start-'));
    const r = await run(dir, {}, 'What phones did Xi give Lee?\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Xiaomi/);
  });

  it('a Discord API that cannot be reached is one clear line, no stack trace', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-start-'));
    const r = await run(
      dir,
      {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APP_ID: '123456789012345678',
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
      },
      'ignore',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^archivist: cannot reach the Discord API at http:\/\/127\.0\.0\.1:9\/api .*DISCORD_API_URL\n$/m,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).not.toContain('fake-token');
  });
});
