import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const load = (env: Record<string, string>) => loadConfig({ env, dotenvDir: false });

describe('feed settings', () => {
  it('has working defaults and reads FEEDS as a list of http(s) URLs', () => {
    expect(load({}).feeds).toEqual({
      urls: [],
      pollMs: 900_000,
      timeoutMs: 20_000,
      maxBytes: 5 * 1024 * 1024,
      maxFailures: 5,
    });
    const c = load({
      FEEDS: 'https://a.example/feed.xml, http://b.example/feed.json,https://a.example/feed.xml',
      FEED_POLL_SECONDS: '5',
      FEED_MAX_BYTES: '512KB',
    });
    expect(c.feeds.urls).toEqual(['https://a.example/feed.xml', 'http://b.example/feed.json']);
    expect(c.feeds.pollMs).toBe(5_000);
    expect(c.feeds.maxBytes).toBe(512 * 1024);
  });

  it('names every bad feed setting', () => {
    expect(() => load({ FEEDS: 'ftp://a.example/feed.xml', FEED_POLL_SECONDS: '0' })).toThrow(
      /FEEDS has "ftp:\/\/a.example\/feed.xml": list http\(s\) feed URLs[\s\S]*FEED_POLL_SECONDS/,
    );
  });
});
