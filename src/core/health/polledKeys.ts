import { RATE_KEYS } from './checks';

/**
 * The mntr keys the health poller parses and stores: those a check judges, the model reads, the
 * dashboard charts or `zkops top` shows. A 3.8 member reports ~530 keys, of which these ~40 are
 * used; skipping the rest keeps polling cheap (issue: 3 clusters x 5 members at 2 s within 2 % of
 * a core). A view that needs another key adds it here. The one-off health check and `zkops probe`
 * still parse every key.
 */
export const POLLED_METRIC_KEYS: ReadonlySet<string> = new Set([
  // state and identity (numeric ones; version and states are strings, always kept)
  'uptime',
  'leader_uptime',
  'quorum_size',
  'learners',
  'synced_followers',
  'synced_non_voting_followers',
  'synced_observers',
  'pending_syncs',
  // requests and latency
  'avg_latency',
  'min_latency',
  'max_latency',
  'outstanding_requests',
  'packets_received',
  'packets_sent',
  'num_alive_connections',
  'connection_rejected',
  'connection_drop_count',
  // data
  'znode_count',
  'watch_count',
  'ephemerals_count',
  'approximate_data_size',
  'digest_mismatches_count',
  // resources
  'open_file_descriptor_count',
  'max_file_descriptor_count',
  // timings charted by the dashboard
  'avg_fsynctime',
  'max_fsynctime',
  'cnt_fsynctime',
  'avg_election_time',
  'max_election_time',
  'cnt_election_time',
  'sum_election_time',
  'looking_count',
  ...RATE_KEYS,
]);
