import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Files that break (and keep) the layer rules, by where they would live. */
const probes: Record<string, string[]> = {
  'src/core/probe.ts': [
    "import { loadConfig } from '../config/index.js';",
    "import { createLogger } from '../logger.js';",
    "import { startDiscord } from '../adapters/discord/start.js';",
    "import { Metrics } from '../observability/metrics.js';",
    "import { systemClock } from './clock.js';",
    'export const all = [loadConfig, createLogger, startDiscord, Metrics, systemClock, process.env.X];',
  ],
  'src/core/daily/probe.ts': [
    "import { loadConfig } from '../../config';",
    "import { createLogger } from '../../logger.js';",
    "import { zoneOf } from './zone.js';",
    'export const all = [loadConfig, createLogger, zoneOf];',
  ],
  'commands/probe.ts': [
    "import { loadConfig } from '../src/config/index.js';",
    "import { createLogger } from '../src/logger.js';",
    "import { startSlack } from '../src/adapters/slack/start.js';",
    "import { Metrics } from '../src/observability/metrics.js';",
    "import { defineCommand } from '../src/core/command.js';",
    'export const all = [loadConfig, createLogger, startSlack, Metrics, defineCommand];',
  ],
  'scripts/probe.ts': [
    "import { failOnUnhandledRejections } from '../test/support/unhandled.js';",
    "import { startSlackStandIn } from '../standins/slack.js';",
    'export const all = [failOnUnhandledRejections, startSlackStandIn, process.env.X];',
  ],
  'src/adapters/probe.ts': [
    "import { failOnUnhandledRejections } from '../../test/support/unhandled.js';",
    "import { loadConfig } from '../config/index.js';",
    'export const all = [failOnUnhandledRejections, loadConfig, process.env.X];',
  ],
  'src/config/probe.ts': ['export const all = [process.env.X];'],
};

describe('layer lint rules (biome.json)', () => {
  // Linted in a scratch folder with the project's biome.json, so the working tree is never touched.
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archivist-layers-'));
    await copyFile('biome.json', join(dir, 'biome.json'));
    for (const [path, lines] of Object.entries(probes)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), `${lines.join('\n')}\n`);
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuse config/logger/adapters/observability in src/core and commands, test/ outside tests, and process.env outside src/config', async () => {
    const biome = resolve('node_modules/.bin/biome');
    const args = ['lint', '--vcs-enabled=false', '--reporter=json', '--max-diagnostics=none', '.'];
    const { stdout } = await promisify(execFile)(biome, args, { cwd: dir }).catch((err) => err);
    const report = JSON.parse(stdout) as {
      diagnostics: { category: string; location: { path: string; start: { line: number } } }[];
    };
    const found = report.diagnostics
      .filter((d) => /noRestrictedImports|noProcessEnv/.test(d.category))
      .map((d) => `${d.location.path}:${d.location.start.line} ${d.category.split('/').pop()}`)
      .sort();
    expect(found).toEqual(
      [
        'commands/probe.ts:1 noRestrictedImports',
        'commands/probe.ts:2 noRestrictedImports',
        'commands/probe.ts:3 noRestrictedImports',
        'commands/probe.ts:4 noRestrictedImports',
        'scripts/probe.ts:1 noRestrictedImports',
        'src/adapters/probe.ts:1 noRestrictedImports',
        'src/adapters/probe.ts:3 noProcessEnv',
        'src/core/daily/probe.ts:1 noRestrictedImports',
        'src/core/daily/probe.ts:2 noRestrictedImports',
        'src/core/probe.ts:1 noRestrictedImports',
        'src/core/probe.ts:2 noRestrictedImports',
        'src/core/probe.ts:3 noRestrictedImports',
        'src/core/probe.ts:4 noRestrictedImports',
        'src/core/probe.ts:6 noProcessEnv',
      ].sort(),
    );
  });
});
