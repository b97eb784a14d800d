import type { BenchSuite } from './harness';

/** Every benchmark suite, in the order `npm run bench` runs them. */
export const suites: readonly BenchSuite[] = [];
