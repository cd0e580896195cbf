import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Training and CLI tests run real models; two cores in CI.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
