/**
 * Which mntr keys are cumulative counters (stored as per-second rates) and which are gauges
 * (stored as they are). The poller never resets a server's statistics (`srst`), so rates are
 * computed from successive readings instead.
 */

export type MetricKind = 'gauge' | 'counter';

/**
 * The plain (non-summary) counters of ZooKeeper 3.5–3.9 (`ServerMetrics` Counter fields and the
 * packet totals). Anything not listed, and not a summary count/sum, is a gauge: a key a newer
 * version adds is then stored as read, which is never wrong, only less useful.
 */
const COUNTERS: ReadonlySet<string> = new Set([
  'packets_received',
  'packets_sent',
  'auth_failed_count',
  'proposal_count',
  'outstanding_changes_removed',
  'outstanding_changes_queued',
  'stale_requests_dropped',
  'stale_requests',
  'stale_replies',
  'stale_sessions_expired',
  'large_requests_rejected',
  'insecure_admin_count',
  'connection_rejected',
  'connection_request_count',
  'connection_drop_count',
  'connection_revalidate_count',
  'cnxn_closed_without_zk_server_running',
  'sessionless_connections_expired',
  'looking_count',
  'dead_watchers_queued',
  'dead_watchers_cleared',
  'add_dead_watcher_stall_time',
  'learner_proposal_received_count',
  'learner_commit_received_count',
  'digest_mismatches_count',
  'response_packet_cache_hits',
  'response_packet_cache_misses',
  'response_packet_get_children_cache_hits',
  'response_packet_get_children_cache_misses',
  'bytes_received_count',
  'response_bytes',
  'request_throttle_wait_count',
  'requests_not_forwarded_to_commit_processor',
  'ensemble_auth_success',
  'ensemble_auth_fail',
  'ensemble_auth_skip',
  'prep_processor_request_queued',
  'sync_processor_request_queued',
  'request_commit_queued',
  'diff_count',
  'snap_count',
  'commit_count',
  'unrecoverable_error_count',
  'unsuccessful_handshake',
  'quit_leading_due_to_disloyal_voter',
  'skip_learner_request_to_next_processor_count',
  'tls_handshake_exceeded',
  'revalidate_count',
  'throttled_ops',
]);

/** Summary metrics print `cnt_<name>` and `sum_<name>`, both cumulative. */
const SUMMARY_TOTAL = /^(cnt|sum)_/;

/** Whether a mntr key (without `zk_`) only ever grows while the server runs. */
export function metricKind(key: string): MetricKind {
  return COUNTERS.has(key) || SUMMARY_TOTAL.test(key) ? 'counter' : 'gauge';
}

/**
 * The per-second rate between two readings of a counter; NaN for the first reading, a
 * non-positive interval, or a drop (the server restarted): a gap in the series, not a bogus spike.
 */
export function rateBetween(before: number, after: number, seconds: number): number {
  return before !== before || seconds <= 0 || after < before ? Number.NaN : (after - before) / seconds;
}
