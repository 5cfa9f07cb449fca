import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { BOT_EVENTS, BOT_SCOPES, buildSlackManifest, usageHint } from '../../src/adapters/slack/manifest.js';
import { ArchivistError } from '../../src/core/errors.js';
import { postToBolt, slashCommandForm } from '../../standins/slack.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

/** What each handler calls or listens to, and the scope Slack requires for it. */
const NEEDED = {
  'slash commands': 'commands',
  'app_mention event': 'app_mentions:read',
  'message.im event': 'im:history',
  'message.channels event': 'channels:history',
  'message.groups event': 'groups:history',
  'files.uploadV2': 'files:write',
  'chat.postMessage': 'chat:write',
  'users.info': 'users:read',
};

describe('Slack app manifest', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'archivist-manifest-'));
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists every command from commands/, prefixed, with its description and usage hint', () => {
    const m = buildSlackManifest({ commands, prefix: 'arch-' });
    const slash = m.features?.slash_commands ?? [];
    expect(slash.map((c) => c.command)).toEqual(commands.map((c) => `/arch-${c.name}`));
    for (const cmd of commands) {
      const entry = slash.find((c) => c.command === `/arch-${cmd.name}`);
      expect(entry?.description).toBe(cmd.description);
      expect(entry?.usage_hint).toBe(usageHint(cmd));
      expect(entry?.should_escape).toBe(false);
    }
    expect(slash.find((c) => c.command === '/arch-ask')?.usage_hint).toBe(
      '<question> [private] [from] [to] [source]',
    );
  });

  it('asks for the scopes and events the handlers need, in Socket Mode by default', () => {
    const m = buildSlackManifest({ commands });
    const scopes = m.oauth_config?.scopes?.bot ?? [];
    for (const scope of Object.values(NEEDED)) expect(scopes).toContain(scope);
    expect([...scopes].sort()).toEqual(Object.keys(BOT_SCOPES).sort());
    expect(m.settings?.event_subscriptions?.bot_events).toEqual([...BOT_EVENTS]);
    // message.channels / message.groups: follow-ups in threads the bot answered in.
    expect(m.settings?.event_subscriptions?.bot_events).toEqual([
      'app_mention',
      'message.im',
      'message.channels',
      'message.groups',
      'app_home_opened',
    ]);
    expect(m.features?.app_home?.home_tab_enabled).toBe(true);
    expect(m.settings?.interactivity?.is_enabled).toBe(true);
    expect(m.settings?.socket_mode_enabled).toBe(true);
    expect(m.settings?.event_subscriptions?.request_url).toBeUndefined();
    expect(m.features?.app_home?.messages_tab_enabled).toBe(true);
    expect(m.features?.bot_user?.display_name).toBe('archivist');
  });

  it('sets request URLs in HTTP mode and refuses what Slack would refuse', () => {
    const m = buildSlackManifest({ commands, requestUrl: 'https://archivist.example.com' });
    const url = 'https://archivist.example.com/slack/events';
    expect(m.settings?.socket_mode_enabled).toBe(false);
    expect(m.settings?.event_subscriptions?.request_url).toBe(url);
    expect(m.settings?.interactivity?.request_url).toBe(url);
    for (const c of m.features?.slash_commands ?? []) expect(c.url).toBe(url);
    expect(() => buildSlackManifest({ commands, requestUrl: 'http://plain.example.com' })).toThrow(
      ArchivistError,
    );
    expect(() => buildSlackManifest({ commands, prefix: 'a-very-long-prefix-that-slack-refuses-' })).toThrow(
      /1–31 lower-case/,
    );
  });

  it('every manifest command is served by the running app', async () => {
    h = await startHarness({ mode: 'http', prefix: 'arch-' });
    const m = buildSlackManifest({ commands, prefix: 'arch-' });
    for (const c of m.features?.slash_commands ?? []) {
      const id = `m${c.command.slice(1)}`;
      const form = slashCommandForm({ command: c.command, text: '', responseUrl: h.standIn.responseUrl(id) });
      const res = await postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, { form });
      expect(res.status).toBe(200);
      const reply = await h.standIn.waitFor((call) => call.path === `/response/${id}`);
      expect(reply.body.text.length).toBeGreaterThan(0);
    }
  });

  it('npm run manifest:slack writes the manifest and says where', async () => {
    const out = path.join(tmp, 'manifest.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/slack-manifest.ts', '--http', 'https://bot.example.com', out],
      {
        env: {
          ...process.env,
          SLACK_COMMAND_PREFIX: 'x-',
          SLACK_BOT_TOKEN: '',
          SLACK_APP_TOKEN: '',
          SLACK_SIGNING_SECRET: '',
        },
      },
    );
    expect(stdout).toContain('manifest.json');
    expect(stdout).toContain('HTTP mode');
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written).toEqual(
      buildSlackManifest({ commands, prefix: 'x-', requestUrl: 'https://bot.example.com' }),
    );
  });
});
