import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/**
 * Fails a test that leaves a rejection nobody awaited: in production such a rejection would crash the
 * process (or, with our handler, count as a bug). Call once at the top of a test file.
 */
export function failOnUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    expect(unhandled).toEqual([]);
  });
}
