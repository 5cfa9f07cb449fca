import { describe, expect, it, vi } from 'vitest';
import { Metrics } from '../../src/observability/metrics.js';
import { startHarness as startDiscord } from '../discord/harness.js';
import { startHarness as startSlack } from '../slack/harness.js';

/** What /healthz asks each platform: is its connection up right now? */
describe('platform health', () => {
  it('Discord is connected once ready, and not after stop', async () => {
    const h = await startDiscord();
    try {
      expect(h.platform.isConnected?.()).toBe(true);
      await h.platform.stop();
      expect(h.platform.isConnected?.()).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('Slack in HTTP mode is connected while listening', async () => {
    const h = await startSlack({ mode: 'http' });
    try {
      expect(h.slack.isConnected?.()).toBe(true);
      await h.slack.stop();
      expect(h.slack.isConnected?.()).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('Slack in Socket Mode is connected while its socket is, and not once Slack drops it', async () => {
    const h = await startSlack({ mode: 'socket' });
    try {
      expect(h.slack.isConnected?.()).toBe(true);
      // Slack recycling the connection; the harness turns reconnecting off, so it stays down.
      h.standIn.socket.requestDisconnect('link_disabled');
      await vi.waitFor(() => expect(h.slack.isConnected?.()).toBe(false), { timeout: 5000 });
    } finally {
      await h.close();
    }
  });
});

describe('index gauges', () => {
  it('read the index at each scrape, so a reindex shows without anyone updating them', async () => {
    const metrics = new Metrics();
    let size = { passages: 44, articles: 2 };
    metrics.watchIndex(() => size);
    expect(await metrics.registry.metrics()).toContain('archivist_index_passages 44');
    size = { passages: 13_327, articles: 233 };
    const text = await metrics.registry.metrics();
    expect(text).toContain('archivist_index_passages 13327');
    expect(text).toContain('archivist_index_articles 233');
  });
});
