import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import onthisday from '../../commands/onthisday.js';
import { TerminalBot } from '../../src/adapters/terminal/terminal-bot.js';
import type { AnswerService } from '../../src/core/answer-service.js';
import { fixedClock } from '../../src/core/clock.js';
import {
  type Command,
  type CommandContext,
  type CommandResult,
  type Platform,
  parseTextInput,
} from '../../src/core/command.js';
import type { DailyService } from '../../src/core/daily/service.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import type { SqliteStateStore } from '../../src/state/sqlite-store.js';
import { asAnswers, testServices } from '../support/services.js';
import { dailyWorld } from './helpers.js';

let cleanup: () => Promise<void>;
let answers: AnswerService;
let store: SqliteStateStore;
let daily: DailyService;
const clock = fixedClock('2026-11-01T08:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-01T08:00:00Z');
  ({ answers, store, daily, cleanup } = await dailyWorld(clock));
});
afterEach(async () => {
  await cleanup();
});

function ctx(
  o: { platform?: Platform; manager?: boolean; label?: string; channel?: string | null } = {},
): CommandContext {
  return {
    answers: asAnswers(answers),
    platform: o.platform ?? 'discord',
    user: {
      id: 'U1',
      canManageChannel: o.manager ?? true,
      ...(o.label ? { permissionLabel: o.label } : {}),
    },
    ...(o.channel === null ? {} : { channel: { id: o.channel ?? '111111111111111111' } }),
    commands,
    daily,
  };
}

async function run(text: string, c = ctx()): Promise<CommandResult> {
  return onthisday.handler(parseTextInput(onthisday, text), c);
}

function noticeText(r: CommandResult, tone?: string): string {
  if (r.kind !== 'notice') throw new Error(`expected a notice, got ${r.kind}`);
  if (tone) expect(r.tone).toBe(tone);
  return r.text;
}

describe('/onthisday subcommands', () => {
  it('show keeps working with and without the subcommand name, in the channel’s day', async () => {
    for (const text of ['2026-11-01', 'show 2026-11-01', 'show date:2026-11-01']) {
      const r = await run(text);
      expect(r.kind === 'onthisday' && r.result.items.map((i) => i.slug)).toEqual([
        'ferry-retrospective',
        'harbour-bridge-opens',
      ]);
    }
    expect(noticeText(await run('show 1 November'), 'error')).toMatch(/YYYY-MM-DD/);
    // 20:00 UTC on 1 November is already 2 November in Auckland: a channel there sees the 2nd.
    clock.set('2026-11-01T20:00:00Z');
    const utc = await run('');
    expect(utc.kind === 'onthisday' && utc.result.date).toBe('2026-11-01');
    await run('subscribe time:07:00 timezone:Pacific/Auckland');
    const nz = await run('');
    expect(nz.kind === 'onthisday' && nz.result.date).toBe('2026-11-02');
  });

  it('subscribes with the defaults, then changes time and zone, and reports it', async () => {
    const first = noticeText(await run('subscribe'), 'success');
    expect(first).toContain('every day at 09:00 (UTC)');
    expect(first).toContain('First post: Sun 1 Nov 2026 at 09:00');
    expect(first).toContain('nothing is posted');
    expect(noticeText(await run('subscribe'), 'info')).toMatch(/already subscribed/);
    const changed = noticeText(await run('subscribe time:7:30 timezone:europe/paris'), 'success');
    expect(changed).toContain('every day at 07:30 (Europe/Paris)');
    // 07:30 in Paris (06:30 UTC) has passed at 08:00 UTC: the next post is tomorrow.
    expect(changed).toContain('Next post: Mon 2 Nov 2026 at 07:30');
    expect(
      await store.getSubscription({ platform: 'discord', channelId: '111111111111111111' }),
    ).toMatchObject({
      time: '07:30',
      timeZone: 'Europe/Paris',
      createdBy: 'U1',
    });
    // Typed without option names, as Slack and terminal users do.
    expect(noticeText(await run('subscribe 18:00 Asia/Seoul'), 'success')).toContain('18:00 (Asia/Seoul)');
  });

  it('refuses people who cannot manage the channel, in the words their adapter gives', async () => {
    const label = 'the Manage Channels permission';
    const named = noticeText(await run('subscribe', ctx({ manager: false, label })), 'error');
    expect(named).toMatch(/^You need the Manage Channels permission to change this channel’s daily posts\./);
    const plain = noticeText(
      await run('unsubscribe', ctx({ platform: 'slack', manager: false, channel: 'C0GEN' })),
      'error',
    );
    expect(plain).toMatch(/^You need permission to manage this channel to change/);
    expect(await store.listSubscriptions()).toEqual([]);
    // Anyone may look; the status says who can start posts.
    const look = noticeText(await run('status', ctx({ manager: false })), 'info');
    expect(look).toMatch(/no daily .*Someone who can manage this channel can start one/);
    expect(noticeText(await run('status'), 'info')).toMatch(/You can start one/);
  });

  it('names what is accepted for a bad time or zone, and suggests the zone meant', async () => {
    expect(noticeText(await run('subscribe time:25:00'), 'error')).toBe(
      '“25:00” is not a time: use a 24-hour time HH:MM, e.g. 09:00 or 18:30.',
    );
    expect(noticeText(await run('subscribe time:9am'), 'error')).toMatch(/HH:MM/);
    const zone = noticeText(await run('subscribe timezone:Europe/Londn'), 'error');
    expect(zone).toMatch(/is not a time zone: use an IANA time zone name/);
    expect(zone).toMatch(/Did you mean Europe\/London\?/);
    expect(noticeText(await run('subscribe timezone:+02:00'), 'error')).toMatch(/IANA/);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it('status tells the schedule, the next post, the last one, and a pause after failures', async () => {
    await run('subscribe time:09:00 timezone:UTC');
    const ref = { platform: 'discord' as const, channelId: '111111111111111111' };
    await store.claimPost(ref, '2026-10-31', new Date('2026-10-31T09:00:00Z'));
    await store.finishPost(ref, '2026-10-31', { status: 'sent', items: 2 }, new Date('2026-10-31T09:00:01Z'));
    const on = noticeText(await run('status'), 'info');
    expect(on).toContain('are on: every day at 09:00 (UTC). Next post: Sun 1 Nov 2026 at 09:00.');
    expect(on).toContain('Last post: 2026-10-31, sent (2 articles).');
    for (let i = 0; i < 3; i++) await store.recordFailure(ref, '50001: Missing Access', clock.now(), 3);
    const paused = noticeText(await run('status'), 'info');
    expect(paused).toMatch(/paused here: 3 failed attempts in a row \(last error: 50001: Missing Access\)/);
    expect(paused).toMatch(/\/onthisday subscribe to turn them back on/);
    expect(noticeText(await run('subscribe'), 'success')).toMatch(/^Updated/);
  });

  it('unsubscribes, and says so when there was nothing', async () => {
    await run('subscribe');
    expect(noticeText(await run('unsubscribe'), 'success')).toMatch(/Unsubscribed/);
    expect(noticeText(await run('unsubscribe'), 'info')).toMatch(/had no daily/);
    await daily.syncConfigChannels([{ platform: 'discord', channelId: '111111111111111111' }]);
    expect(noticeText(await run('unsubscribe'), 'success')).toMatch(/DAILY_CHANNELS/);
  });

  it('answers honestly where daily posts are not set up, or outside a channel', async () => {
    const { daily: _, ...bare } = ctx();
    expect(noticeText(await run('subscribe', bare), 'info')).toMatch(/not set up on this deployment/);
    expect(noticeText(await run('status', bare), 'info')).toMatch(/not set up/);
    expect((await run('2026-11-01', bare)).kind).toBe('onthisday');
    expect(noticeText(await run('subscribe', ctx({ channel: null })), 'error')).toMatch(/in the channel/);
  });

  it('completes time zones as people type them', async () => {
    const cmd: Command = onthisday;
    const tz = cmd.subcommands
      ?.find((s) => s.name === 'subscribe')
      ?.options?.find((o) => o.name === 'timezone');
    expect((await tz?.autocomplete?.('new yo', ctx()))?.[0]).toEqual({
      name: 'America/New_York',
      value: 'America/New_York',
    });
    expect((await tz?.autocomplete?.('', ctx()))?.length).toBe(25);
  });

  it('works in the terminal bot for the local default channel', async () => {
    const output = new PassThrough();
    let out = '';
    output.on('data', (d) => {
      out += String(d);
    });
    const services = testServices(answers, { clock, sessions: store, feedback: store, daily });
    const bot = new TerminalBot({
      pipeline: createPipeline(services),
      input: new PassThrough(),
      output,
      interactive: false,
      color: false,
    });
    await bot.handleLine('/onthisday subscribe time:07:15 timezone:Asia/Seoul');
    await bot.handleLine('/onthisday status');
    expect(out).toContain(
      'Subscribed: this channel will get an “on this day” post every day at 07:15 (Asia/Seoul).',
    );
    expect(out).toContain('Daily “on this day” posts are on: every day at 07:15 (Asia/Seoul).');
    expect((await store.getSubscription({ platform: 'terminal', channelId: 'terminal' }))?.time).toBe(
      '07:15',
    );
    bot.close();
  });
});
