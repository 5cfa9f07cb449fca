import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { registrationPayload } from '../../src/adapters/discord/registration.js';
import { ACTION } from '../../src/adapters/slack/action-ids.js';
import { buildSlackManifest } from '../../src/adapters/slack/manifest.js';
import {
  postToBolt,
  STANDIN_APP_ID,
  STANDIN_CHANNEL_ID,
  STANDIN_TEAM_ID,
  STANDIN_USER_ID,
} from '../../standins/slack.js';
import {
  buttonLabels,
  type Harness as DiscordHarness,
  directReply,
  startHarness as startDiscord,
} from '../discord/harness.js';
import { buttons } from '../slack/blocks-of.js';
import {
  SIGNING_SECRET,
  type Harness as SlackHarness,
  startHarness as startSlack,
} from '../slack/harness.js';

const QUESTION = 'What phones did Xi give Lee?';

describe('"Find in archive" comes from the command definitions', () => {
  it('Discord registers a message context-menu command; the Slack manifest declares the shortcut', () => {
    expect(registrationPayload(commands)).toContainEqual({ type: 3, name: 'Find in archive' });
    const m = buildSlackManifest({ commands });
    expect(m.features?.shortcuts).toEqual([
      expect.objectContaining({ name: 'Find in archive', type: 'message', callback_id: 'find_in_archive' }),
    ]);
  });
});

describe('"Find in archive" on Discord', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscord();
  });
  afterAll(() => h?.close());

  it('runs the message text as a question and answers only the clicker, with Share', async () => {
    const registered = h.discord.getCommands(h.discord.guildId);
    expect(registered.some((c) => c.type === 3 && c.name === 'Find in archive')).toBe(true);
    const msg = h.discord.sendMessage({ content: QUESTION });
    const { id } = h.discord.sendMessageCommand({ name: 'Find in archive', messageId: msg.id });
    const reply = await directReply(h, id);
    expect(reply.body.flags & 64).toBe(64);
    expect(reply.body.content).toContain(QUESTION);
    expect(JSON.stringify(reply.body.embeds)).toMatch(/Xiaomi/);
    expect(buttonLabels(reply.body)).toContain('Share to channel');
  });
});

describe('"Find in archive" on Slack (message shortcut)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack({ mode: 'http' });
  });
  afterAll(() => h?.close());

  it('answers privately through the response_url, with Share', async () => {
    const payload = {
      type: 'message_action',
      callback_id: 'find_in_archive',
      trigger_id: '123.456.abc',
      action_ts: '1700000000.000100',
      response_url: h.standIn.responseUrl('fia1'),
      team: { id: STANDIN_TEAM_ID, domain: 'standin' },
      user: { id: STANDIN_USER_ID, name: 'someone', team_id: STANDIN_TEAM_ID },
      channel: { id: STANDIN_CHANNEL_ID, name: 'general' },
      message_ts: '1700000000.000001',
      message: { type: 'message', text: QUESTION, user: 'U0OTHER', ts: '1700000000.000001' },
      api_app_id: STANDIN_APP_ID,
      token: 'standin-verification-token',
      is_enterprise_install: false,
    };
    const res = await postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
      form: { payload: JSON.stringify(payload) },
    });
    expect(res.status).toBe(200);
    const call = await h.standIn.waitFor((c) => c.path === '/response/fia1');
    expect(call.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(call.body.blocks)).toMatch(/Xiaomi/);
    expect(buttons(call).map((b) => b.action_id)).toContain(ACTION.share);
  });
});
