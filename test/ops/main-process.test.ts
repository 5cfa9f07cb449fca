import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DiscordStandIn, startDiscordStandIn } from '../../standins/discord.js';
import { type SlackStandIn, startSlackStandIn } from '../../standins/slack.js';

/** `npm start` is `tsx src/main.ts`; run from a scratch folder so no local .env is read. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(cwd: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: path.join(ROOT, 'data/articles'),
      INDEX_CACHE: 'off',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exit };
}

/** Parsed JSON log lines written so far. */
function lines(run: Run): Array<Record<string, unknown>> {
  return run
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

let dir = '';
let running: Run | undefined;
let discord: DiscordStandIn | undefined;
let slack: SlackStandIn | undefined;
afterEach(async () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  await running?.exit;
  running = undefined;
  await discord?.close();
  await slack?.close();
  discord = slack = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start, as a process', () => {
  it('exits 1 with a clear message when the state store cannot be opened', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-main-'));
    // A file where the store's folder should be: not writable as a folder, even for root.
    await writeFile(path.join(dir, 'var'), 'not a folder');
    running = start(dir, {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APP_ID: '123456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      STATE_DB: path.join(dir, 'var', 'archivist.db'),
    });
    expect(await running.exit).toBe(1);
    expect(running.stderr()).toMatch(
      /archivist: cannot use the state store .*var\/archivist\.db .*writable SQLite file in a writable folder.*STATE_DB/,
    );
  });

  it('serves /healthz and /metrics, answers, and on SIGTERM drains, closes the store and exits 0', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-main-'));
    discord = await startDiscordStandIn();
    slack = await startSlackStandIn();
    const stateDb = path.join(dir, 'state.db');
    running = start(dir, {
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APP_ID: discord.applicationId,
      DISCORD_API_URL: discord.url,
      SLACK_BOT_TOKEN: 'xoxb-fake',
      SLACK_APP_TOKEN: 'xapp-fake',
      SLACK_API_URL: slack.apiUrl,
      HTTP_PORT: '0',
      STATE_DB: stateDb,
      LOG_LEVEL: 'info',
    });
    const run = running;
    const port = await vi.waitFor(
      () => {
        const line = lines(run).find((l) => l.msg === 'ops endpoint listening');
        if (!line) throw new Error(`not listening yet:\n${run.stderr()}`);
        return Number(line.port);
      },
      { timeout: 15_000, interval: 50 },
    );
    const base = `http://127.0.0.1:${port}`;
    const health = await vi.waitFor(
      async () => {
        const res = await fetch(`${base}/healthz`);
        expect(res.status).toBe(200);
        return res.json();
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(health).toEqual({
      ok: true,
      parts: { index: true, discord: true, 'discord shard 0': true, slack: true },
    });

    const { token } = discord.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'What phones did Xi give Lee?' }],
    });
    // Answered directly: the interaction callback (type 4) carries the answer.
    const answer = await discord.waitFor(
      (r) => r.method === 'POST' && r.path.includes(`/${token}/callback`) && r.status === 204,
    );
    expect(answer.body.type).toBe(4);
    expect(answer.body.data.embeds.length).toBeGreaterThan(0);
    const metrics = await vi.waitFor(async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('archivist_questions_total{platform="discord",outcome="answered"} 1');
      return text;
    });
    expect(metrics).toMatch(/archivist_index_passages \d+/);
    expect(metrics).toContain('archivist_process_resident_memory_bytes');

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const msgs = lines(run).map((l) => l.msg);
    expect(msgs).toEqual(
      expect.arrayContaining(['shutting down', 'discord logged out', 'slack stopped', 'stopped']),
    );
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    expect(existsSync(stateDb)).toBe(true);
    expect(existsSync(`${stateDb}-wal`)).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
