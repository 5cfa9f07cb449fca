import { defineConfig } from 'vitest/config';

// Tests run in a shuffled order so that none can lean on another; vitest prints the seed in its
// banner ("Running tests with seed N") and TEST_SEED=N replays that order.
const seedText = process.env.TEST_SEED?.trim();
if (seedText && !/^\d+$/.test(seedText))
  throw new Error(`TEST_SEED must be a whole number, not "${seedText}"`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The e2e suites open sockets on 127.0.0.1; forks keep each file's servers apart.
    pool: 'forks',
    // Most files wait on sockets, child processes and timers rather than the CPU: four at once on two
    // cores halves the suite's wall time (about 95 s here) without starving the timing-sensitive tests.
    maxWorkers: 4,
    // Files are isolated (one fork each), so only tests within a file can depend on order; keeping file
    // order lets vitest start the slowest files first.
    sequence: { shuffle: { files: false, tests: true }, ...(seedText ? { seed: Number(seedText) } : {}) },
    // The JSON report is what .ci/run counts for its closing 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: 'var/test-results.json' },
  },
});
