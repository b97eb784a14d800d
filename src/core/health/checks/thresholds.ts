/**
 * Limits the checks compare against. Defaults follow ZooKeeper's own recommended Prometheus rules
 * and the Zabbix template where those exist (see docs/product.md), otherwise a conservative value.
 */
export interface Thresholds {
  /** Transactions a follower may trail the leader by. */
  readonly zxidLag: number;
  /** mntr avg_latency (ms); Prometheus rule: 100. */
  readonly avgLatencyMs: number;
  /** mntr max_latency (ms). It is the maximum since start (or `srst`), so the limit is generous. */
  readonly maxLatencyMs: number;
  /** Zabbix: outstanding_requests > 10. */
  readonly outstandingRequests: number;
  /** Prometheus: num_alive_connections > 50 (default maxClientCnxns is 60, per client IP). */
  readonly connections: number;
  /** Share of maxClientCnxns one client IP may use before warning. */
  readonly connectionsPerClientRatio: number;
  /** Zabbix: open file descriptors > 85 % of max. */
  readonly fileDescriptorRatio: number;
  /** Prometheus: znode_count > 1,000,000. */
  readonly znodeCount: number;
  /** Prometheus: approximate_data_size > 1 GB. */
  readonly dataSizeBytes: number;
  /** Prometheus: watch_count > 10,000. */
  readonly watchCount: number;
  readonly ephemerals: number;
  /** Zabbix: pending_syncs > 10 (leader). */
  readonly pendingSyncs: number;
  /** Prometheus: fsync time rate > 100 ms/s. */
  readonly fsyncMsPerSecond: number;
  /** Prometheus: any leader election within the last 5 minutes. */
  readonly electionWindowMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  zxidLag: 1000,
  avgLatencyMs: 100,
  maxLatencyMs: 5000,
  outstandingRequests: 10,
  connections: 50,
  connectionsPerClientRatio: 0.8,
  fileDescriptorRatio: 0.85,
  znodeCount: 1_000_000,
  dataSizeBytes: 1024 ** 3,
  watchCount: 10_000,
  ephemerals: 100_000,
  pendingSyncs: 10,
  fsyncMsPerSecond: 100,
  electionWindowMs: 5 * 60_000,
};

/** Defaults overridden by whatever valid numbers `overrides` holds (settings are untrusted input). */
export function thresholdsFrom(overrides: unknown): Thresholds {
  if (typeof overrides !== 'object' || overrides === null) return DEFAULT_THRESHOLDS;
  const out: { -readonly [K in keyof Thresholds]: number } = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[]) {
    const value = (overrides as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value;
  }
  return out;
}
