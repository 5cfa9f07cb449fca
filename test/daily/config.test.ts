import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ArchivistError } from '../../src/core/errors.js';

const load = (env: Record<string, string>) => loadConfig({ env, dotenvDir: false });

describe('daily settings', () => {
  it('has defaults: 09:00 UTC, 6 hours of catch-up, 3 failures, nothing on empty days', () => {
    expect(load({}).daily).toEqual({
      stateDb: 'var/archivist.db',
      time: '09:00',
      timeZone: 'UTC',
      channels: [],
      catchupHours: 6,
      maxFailures: 3,
      sendLeaseMs: 600_000,
      nearestDays: 0,
    });
  });

  it('reads channels listed in config, each with an optional time and zone', () => {
    const c = load({
      DAILY_CHANNELS: 'discord:123456789012345678, slack:C0123ABCD@7:30@Europe/Paris slack:G0PRIV@Asia/Seoul',
      DAILY_CATCHUP_HOURS: '0',
      ONTHISDAY_NEAREST_DAYS: '3',
      DAILY_MAX_FAILURES: '5',
    });
    expect(c.daily.channels).toEqual([
      { platform: 'discord', channelId: '123456789012345678' },
      { platform: 'slack', channelId: 'C0123ABCD', time: '07:30', timeZone: 'Europe/Paris' },
      { platform: 'slack', channelId: 'G0PRIV', timeZone: 'Asia/Seoul' },
    ]);
    expect(c.daily).toMatchObject({ catchupHours: 0, nearestDays: 3, maxFailures: 5 });
  });

  it('names every bad entry in one error', () => {
    let message = '';
    try {
      load({
        DAILY_CHANNELS: 'discord:general,teams:123,slack:C1@25:00,slack:C2@Mars/Base',
        DAILY_MAX_FAILURES: '0',
      });
    } catch (err) {
      expect(err).toBeInstanceOf(ArchivistError);
      message = (err as Error).message;
    }
    for (const bad of ['discord:general', 'teams:123', 'slack:C1@25:00', 'slack:C2@Mars/Base']) {
      expect(message).toContain(`DAILY_CHANNELS has "${bad}"`);
    }
    expect(message).toContain('DAILY_MAX_FAILURES');
    expect(message).toContain('platform:channelId[@HH:MM][@Area/City]');
  });
});
