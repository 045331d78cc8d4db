import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Editor component tests opt into a DOM with a `// @vitest-environment happy-dom` first line.
    environment: 'node',
    // `default` for people; the JSON file for .ci/summary.mjs, which prints CI's last line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Child processes isolate native modules (sqlite3) and servers; two workers for two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
