import type { BenchSuite } from './harness';
import { zkPipeline } from './suites/zk-pipeline';
import { explorerPaging } from './suites/explorer-paging';
import { znodes } from './suites/znodes';
import { health } from './suites/health';
import { dashboard } from './suites/dashboard';
import { alerts } from './suites/alerts';
import { discovery } from './suites/discovery';
import { exporter } from './suites/exporter';

/** Every benchmark suite, in the order `npm run bench` runs them. */
export const suites: readonly BenchSuite[] = [zkPipeline, explorerPaging, znodes, health, dashboard, alerts, discovery, exporter];
