/**
 * Finding the ZooKeeper ensembles a workspace's configuration names (Kafka, Spring, Dubbo, HBase,
 * Hadoop, Solr, ClickHouse, docker-compose, .env, zoo.cfg). Pure TypeScript: callers hand in paths
 * and contents (or a ScanIo), so the editor, the CLI and the benchmark share it.
 */
export { CANDIDATE_GLOB, isCandidate, readerFor, scanFile, scanFiles } from './scanner';
export { DEFAULT_CAPS, scanPaths } from './bounded';
export type { ScanCaps, ScanIo, ScanResult, ScanStats } from './bounded';
export { SOURCE_LABELS, isUsable } from './types';
export type { FoundConnectString, SourceKind } from './types';
export { createHealthLookup, assessByProbe, liveHealthOf, preferPolled } from './liveHealth';
export type { HealthLookup, HealthLookupOptions, LiveHealth, PolledHealthSource } from './liveHealth';
