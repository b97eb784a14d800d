import type { BenchSuite } from './harness';
import { zkPipeline } from './suites/zk-pipeline';
import { explorerPaging } from './suites/explorer-paging';
import { znodes } from './suites/znodes';
import { health } from './suites/health';
import { discovery } from './suites/discovery';

/** Every benchmark suite, in the order `npm run bench` runs them. */
export const suites: readonly BenchSuite[] = [zkPipeline, explorerPaging, znodes, health, discovery];
