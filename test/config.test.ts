import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { envSchema } from '../src/config/schema.js';
import { DEFAULT_MAX_ARTICLE_BYTES } from '../src/core/read-file.js';
import { DEFAULT_MAX_JSON_IMPORT_BYTES } from '../src/ingest/guard.js';

const load = (env: Record<string, string>) => loadConfig({ env, dotenvDir: false });

describe('config', () => {
  it('defaults to the terminal bot on the bundled articles', () => {
    const c = load({});
    expect(c.dataDir).toBe('data/articles');
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.maxQuestionChars).toBe(500);
  });

  it('names every missing or malformed setting at once', () => {
    let message = '';
    try {
      load({
        DISCORD_TOKEN: 'x',
        SLACK_BOT_TOKEN: 'not-a-bot-token',
        PORT: 'eighty',
        DAILY_TIMEZONE: 'Mars/Olympus',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^archivist: \d+ settings to fix/);
    for (const name of ['SLACK_BOT_TOKEN', 'PORT', 'DAILY_TIMEZONE']) expect(message).toContain(name);
    const dependent = (() => {
      try {
        load({ DISCORD_TOKEN: 'x', SLACK_BOT_TOKEN: 'xoxb-1' });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(dependent).toMatch(/DISCORD_APP_ID is missing/);
    expect(dependent).toMatch(/SLACK_APP_TOKEN \(Socket Mode, recommended\) or SLACK_SIGNING_SECRET/);
  });

  it('never puts a secret value in its error messages', () => {
    try {
      load({ DISCORD_TOKEN: 'super-secret-token', SLACK_BOT_TOKEN: 'xoxp-secret-user-token' });
    } catch (err) {
      expect((err as Error).message).not.toMatch(/super-secret|xoxp-secret/);
    }
  });

  it('reads size limits written with a unit, defaulting to the loader and ingest defaults', () => {
    expect(load({})).toMatchObject({
      maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES,
      maxJsonImportBytes: DEFAULT_MAX_JSON_IMPORT_BYTES,
    });
    expect(load({ MAX_ARTICLE_BYTES: '512KB', MAX_JSON_IMPORT_BYTES: '0.5 gb' })).toMatchObject({
      maxArticleBytes: 524_288,
      maxJsonImportBytes: 512 * 1024 ** 2,
    });
    expect(load({ MAX_ARTICLE_BYTES: '', MAX_JSON_IMPORT_BYTES: '20000000' })).toMatchObject({
      maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES,
      maxJsonImportBytes: 20_000_000,
    });
    expect(() => load({ MAX_ARTICLE_BYTES: 'lots' })).toThrow(
      /MAX_ARTICLE_BYTES must be a size from 1KB to 100MB/,
    );
    expect(() => load({ MAX_ARTICLE_BYTES: '2GB' })).toThrow(/MAX_ARTICLE_BYTES must be/);
  });

  it('chooses Slack Socket Mode when an app token is set, HTTP otherwise', () => {
    expect(load({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.mode).toBe('socket');
    expect(load({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack?.mode).toBe('http');
  });

  it('watches the articles folder by change events unless WATCH_POLL=on (network filesystems)', () => {
    expect(load({})).toMatchObject({ watchData: true, watchPoll: false });
    expect(load({ WATCH_POLL: 'on' }).watchPoll).toBe(true);
    expect(() => load({ WATCH_POLL: 'yes' })).toThrow(/WATCH_POLL must be on or off/);
  });

  it('.env.example documents every setting, each with a comment', async () => {
    const lines = (await readFile('.env.example', 'utf8')).split('\n');
    const documented = new Map<string, string>();
    lines.forEach((line, i) => {
      const m = /^([A-Z0-9_]+)=/.exec(line);
      if (m?.[1]) documented.set(m[1], lines[i - 1] ?? '');
    });
    for (const key of Object.keys(envSchema.shape)) {
      expect(documented.has(key), `${key} missing from .env.example`).toBe(true);
      expect(documented.get(key), `${key} needs a comment line above it`).toMatch(/^# \S/);
    }
  });
});

describe('architecture', () => {
  it('the lint rule keeps chat platforms out of src/core and commands', async () => {
    const probe = 'src/core/__lint_probe__.ts';
    await writeFile(probe, "import { Client } from 'discord.js';\n\nexport const c = Client;\n");
    try {
      const result = await promisify(execFile)('npx', ['biome', 'lint', probe]).then(
        () => ({ code: 0, out: '' }),
        (err: { code: number; stdout: string; stderr: string }) => ({
          code: err.code,
          out: err.stdout + err.stderr,
        }),
      );
      expect(result.code).not.toBe(0);
      expect(result.out).toMatch(/noRestrictedImports/);
    } finally {
      await rm(probe, { force: true });
    }
  });
});
