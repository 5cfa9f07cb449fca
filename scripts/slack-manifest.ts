/**
 * `npm run manifest:slack`: writes the Slack app manifest built from commands/ (slash commands with the
 * configured prefix, bot scopes, events, Socket Mode or HTTP request URLs), ready for "Create New App →
 * From an app manifest".
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { commands } from '../commands/index.js';
import { buildSlackManifest, eventsUrl } from '../src/adapters/slack/manifest.js';
import { loadConfig } from '../src/config/index.js';
import { ArchivistError } from '../src/core/errors.js';

const USAGE = `Usage: npm run manifest:slack -- [options] [FILE]

Writes the Slack app manifest to FILE (default slack-manifest.json; "-" prints it).
  --http URL     HTTP mode: the app's public https address (requests go to URL/slack/events)
  --socket       Socket Mode (the default unless SLACK_SIGNING_SECRET alone is configured)
  --name NAME    app name shown in Slack (default Archivist)
Slash commands get SLACK_COMMAND_PREFIX from .env or the environment.`;

function main(): number {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      http: { type: 'string' },
      socket: { type: 'boolean', default: false },
      name: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  if (values.http && values.socket)
    throw new ArchivistError('CONFIG_INVALID', 'choose --http URL or --socket, not both');
  if (!values.http && !values.socket && config.slack?.mode === 'http') {
    throw new ArchivistError(
      'CONFIG_INVALID',
      'SLACK_SIGNING_SECRET without SLACK_APP_TOKEN means HTTP mode: pass the public address, e.g. --http https://archivist.example.com',
    );
  }
  const prefix = config.raw.SLACK_COMMAND_PREFIX;
  const manifest = buildSlackManifest({
    commands,
    prefix,
    ...(values.http ? { requestUrl: values.http } : {}),
    ...(values.name ? { name: values.name } : {}),
  });
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  const out = values.out ?? positionals[0] ?? 'slack-manifest.json';
  if (out === '-') {
    process.stdout.write(json);
    return 0;
  }
  const file = path.resolve(out);
  writeFileSync(file, json);
  const names = (manifest.features?.slash_commands ?? []).map((c) => c.command).join(', ');
  const mode = values.http ? `HTTP mode, requests to ${eventsUrl(values.http)}` : 'Socket Mode';
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), file) || file} (${mode}; commands ${names}).\n` +
      'Next: https://api.slack.com/apps → Create New App → From an app manifest → paste it, then install it to your workspace.\n',
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    err instanceof ArchivistError ? `${message}\n` : `archivist: manifest failed: ${message}\n${USAGE}\n`,
  );
  process.exitCode = 1;
}
