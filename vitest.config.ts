import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The e2e suites open sockets on 127.0.0.1; forks keep each file's servers apart.
    pool: 'forks',
    // The JSON report is what .ci/run counts for its closing 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: 'var/test-results.json' },
  },
});
