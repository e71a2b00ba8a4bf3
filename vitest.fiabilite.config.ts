import { defineConfig } from 'vitest/config';

/**
 * Reliability tests (`npm run test:fiabilite`): the built `exploc serve` (`npm run build` first) in child
 * processes, on embedded PostgreSQL clusters of their own, killed and restarted. One file at a time: they
 * measure recovery, not the machine's contention. Scale through FIABILITE_CYCLES / FIABILITE_FUZZ /
 * FIABILITE_ARRETS_PG (small by default, for CI; the benchmark runs them at full scale).
 */
export default defineConfig({
  test: {
    name: 'fiabilite',
    include: ['fiabilite/**/*.fiabilite.ts'],
    testTimeout: 900_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
