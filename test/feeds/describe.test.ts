import { expect, it } from 'vitest';
import { describeFeed } from '../../commands/feeds.js';

const base = { url: 'https://example.org/feed.xml', source: 'command' as const, createdAt: new Date(0) };

it('/feeds list tells a feed that never answered from one not polled yet', () => {
  expect(describeFeed({ ...base, failures: 0, itemsTaken: 0 })).toContain('not polled yet');
  const failing = describeFeed({
    ...base,
    failures: 4,
    itemsTaken: 0,
    lastErrorAt: new Date('2026-12-04T10:00:00Z'),
    lastError: 'HTTP 500',
  });
  expect(failing).toContain('never polled successfully');
  expect(failing).toContain('last error 2026-12-04 10:00 UTC: HTTP 500');
  expect(failing).toContain('4 failures in a row');
});
