import { cfg, key, prop } from './define';
import type { KeySpec, PatternSpec } from './types';

/** AdminServer, metrics providers and the JVM pause monitor. */
export const observabilityKeys: readonly KeySpec[] = [
  prop(
    'admin.enableServer',
    'boolean',
    'admin',
    'Runs the AdminServer, an HTTP endpoint with every four-letter-word command (and more) as JSON, independent of the 4lw whitelist.',
    { default: 'true', since: '3.5.0' },
  ),
  prop('admin.serverAddress', 'address', 'admin', 'Address the AdminServer listens on.', { default: '0.0.0.0', since: '3.5.0' }),
  prop('admin.serverPort', 'port', 'admin', 'Port of the AdminServer.', { default: '8080', since: '3.5.0' }),
  prop('admin.idleTimeout', 'int', 'admin', 'How long an idle AdminServer connection is kept open.', {
    unit: 'ms',
    min: 1,
    default: '30000',
    since: '3.5.0',
  }),
  prop('admin.commandURL', 'string', 'admin', 'URL path under which AdminServer commands are listed and run.', {
    default: '/commands',
    since: '3.5.0',
  }),
  prop('admin.portUnification', 'boolean', 'admin', 'The AdminServer port accepts both HTTP and HTTPS.', {
    default: 'false',
    since: '3.6.0',
  }),
  prop('admin.forceHttps', 'boolean', 'admin', 'The AdminServer accepts HTTPS only; overrides admin.portUnification.', {
    default: 'false',
    since: '3.7.1',
  }),
  prop(
    'admin.needClientAuth',
    'boolean',
    'admin',
    'The AdminServer requires a client certificate (needed for x509 authentication of admin commands).',
    { default: 'false', since: '3.9.0' },
  ),
  prop('admin.rateLimiterIntervalInMS', 'int', 'admin', 'Minimum interval between runs of rate-limited admin commands such as snapshot.', {
    unit: 'ms',
    min: 0,
    default: '300000',
    since: '3.9.0',
  }),
  prop('admin.snapshot.enabled', 'boolean', 'admin', 'Allows the AdminServer snapshot command, which streams out the database.', {
    default: 'true',
    since: '3.9.0',
  }),
  prop(
    'admin.restore.enabled',
    'boolean',
    'admin',
    'Allows the AdminServer restore command, which replaces the database from a snapshot.',
    { default: 'true', since: '3.9.0' },
  ),
  cfg(
    'metricsProvider.className',
    'class',
    'metrics',
    'Metrics provider class. org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider exports Prometheus ' +
      'metrics over HTTP; its jar must be on the class path or the server will not start.',
    { default: 'org.apache.zookeeper.metrics.impl.DefaultMetricsProvider', since: '3.6.0' },
  ),
  cfg('metricsProvider.httpHost', 'address', 'metrics', 'Address the Prometheus exporter listens on.', {
    default: '0.0.0.0',
    since: '3.8.0',
  }),
  cfg('metricsProvider.httpPort', 'port', 'metrics', 'Port of the Prometheus exporter (/metrics).', { default: '7000', since: '3.6.0' }),
  cfg('metricsProvider.exportJvmInfo', 'boolean', 'metrics', 'Whether the Prometheus exporter adds JVM metrics.', {
    default: 'true',
    since: '3.6.0',
  }),
  cfg(
    'metricsProvider.numWorkerThreads',
    'int',
    'metrics',
    "Threads that record Prometheus summaries; below 1 the caller's thread does it.",
    { unit: 'count', default: '1', since: '3.7.1' },
  ),
  cfg('metricsProvider.maxQueueSize', 'int', 'metrics', 'Queue length of pending Prometheus summary updates.', {
    unit: 'count',
    min: 1,
    default: '1000000',
    since: '3.7.1',
  }),
  cfg('metricsProvider.workerShutdownTimeoutMs', 'int', 'metrics', 'How long shutdown waits for the Prometheus worker threads.', {
    unit: 'ms',
    min: 0,
    default: '1000',
    since: '3.7.1',
  }),
  cfg('jvm.pause.monitor', 'boolean', 'observability', 'Runs a thread that notices and logs JVM pauses (GC, swapping).', {
    strict: true,
    default: 'false',
    since: '3.6.0',
  }),
  cfg('jvm.pause.info-threshold.ms', 'int', 'observability', 'A JVM pause longer than this is logged at info level.', {
    unit: 'ms',
    min: 1,
    default: '1000',
    since: '3.6.0',
  }),
  cfg('jvm.pause.warn-threshold.ms', 'int', 'observability', 'A JVM pause longer than this is logged as a warning.', {
    unit: 'ms',
    min: 1,
    default: '10000',
    since: '3.6.0',
  }),
  cfg('jvm.pause.sleep.time.ms', 'int', 'observability', 'How often the pause monitor wakes up to measure.', {
    unit: 'ms',
    min: 1,
    default: '500',
    since: '3.6.0',
  }),
  prop('audit.enable', 'boolean', 'observability', 'Writes an audit log of who changed what.', { default: 'false', since: '3.6.0' }),
  prop('audit.impl.class', 'class', 'observability', 'Audit logger implementation.', { since: '3.6.0' }),
  prop(
    'messageTracker.BufferSize',
    'int',
    'observability',
    'Messages between a learner and its leader remembered for dumping to the log on disconnect.',
    { unit: 'count', min: 1, default: '10', since: '3.6.0' },
  ),
  prop('messageTracker.Enabled', 'boolean', 'observability', 'Turns the learner message tracker on.', { default: 'false', since: '3.6.0' }),
];

/** Request and connection throttling (3.6.0 and later). */
export const throttlingKeys: readonly KeySpec[] = [
  prop(
    'connection_throttle_tokens',
    'int',
    'throttling',
    'Size of the token bucket that rate-limits new connections; 0 turns connection throttling off.',
    { unit: 'count', min: 0, default: '0', docName: 'connectionMaxTokens', since: '3.6.0' },
  ),
  prop('connection_throttle_fill_time', 'int', 'throttling', 'Interval at which the connection token bucket is refilled.', {
    unit: 'ms',
    min: 1,
    default: '1',
    docName: 'connectionTokenFillTime',
    since: '3.6.0',
  }),
  prop('connection_throttle_fill_count', 'int', 'throttling', 'Tokens added to the connection bucket at every refill.', {
    unit: 'count',
    min: 1,
    default: '1',
    docName: 'connectionTokenFillCount',
    since: '3.6.0',
  }),
  prop(
    'connection_throttle_freeze_time',
    'int',
    'throttling',
    'Interval at which the probability of dropping connections is adjusted; -1 turns probabilistic dropping off.',
    { unit: 'ms', default: '-1', docName: 'connectionFreezeTime', since: '3.6.0' },
  ),
  prop('connection_throttle_drop_increase', 'float', 'throttling', 'Rise of the drop probability while the bucket is empty.', {
    min: 0,
    max: 1,
    default: '0.02',
    docName: 'connectionDropIncrease',
    since: '3.6.0',
  }),
  prop(
    'connection_throttle_drop_decrease',
    'float',
    'throttling',
    'Fall of the drop probability while the bucket is above the threshold.',
    { min: 0, max: 1, default: '0.002', docName: 'connectionDropDecrease', since: '3.6.0' },
  ),
  prop('connection_throttle_decrease_ratio', 'float', 'throttling', 'Share of the bucket above which the drop probability falls.', {
    min: 0,
    max: 1,
    default: '0',
    docName: 'connectionDecreaseRatio',
    since: '3.6.0',
  }),
  prop(
    'connection_throttle_weight_enabled',
    'boolean',
    'throttling',
    'Charge connections by session kind (global, local, renewal) instead of one token each.',
    { default: 'false', since: '3.6.0' },
  ),
  prop(
    'connection_throttle_global_session_weight',
    'int',
    'throttling',
    'Tokens a new global session costs; not below the local session weight.',
    { unit: 'count', min: 1, default: '3', since: '3.6.0' },
  ),
  prop('connection_throttle_local_session_weight', 'int', 'throttling', 'Tokens a new local session costs.', {
    unit: 'count',
    min: 1,
    default: '1',
    since: '3.6.0',
  }),
  prop('connection_throttle_renew_session_weight', 'int', 'throttling', 'Tokens a reconnecting session costs.', {
    unit: 'count',
    min: 1,
    default: '2',
    since: '3.6.0',
  }),
  prop(
    'request_throttle_max_requests',
    'int',
    'throttling',
    'Outstanding requests above which the request throttler stalls new ones; 0 turns it off.',
    { unit: 'count', min: 0, default: '0', docName: 'requestThrottleLimit', since: '3.6.0' },
  ),
  prop('request_throttle_stall_time', 'int', 'throttling', 'Longest a throttled request waits before being looked at again.', {
    unit: 'ms',
    min: 0,
    default: '100',
    docName: 'requestThrottleStallTime',
    since: '3.6.0',
  }),
  prop(
    'request_throttle_drop_stale',
    'boolean',
    'throttling',
    'Drop stale requests (closed connection, or already past the session timeout) instead of processing them.',
    { default: 'true', docName: 'requestThrottleDropStale', since: '3.6.0' },
  ),
  prop(
    'request_stale_latency_check',
    'boolean',
    'throttling',
    'Count a request as stale once it has waited longer than its session timeout.',
    { default: 'false', docName: 'requestStaleLatencyCheck', since: '3.6.0' },
  ),
  prop('request_stale_connection_check', 'boolean', 'throttling', 'Count a request as stale once its connection has closed.', {
    default: 'true',
    docName: 'requestStaleConnectionCheck',
    since: '3.6.0',
  }),
  prop('request_throttler.shutdownTimeout', 'int', 'throttling', 'How long shutdown waits for the throttler queue to drain.', {
    unit: 'ms',
    min: 0,
    default: '10000',
    since: '3.6.0',
  }),
  prop(
    'throttled_op_wait_time',
    'int',
    'throttling',
    'Requests queued longer than this fail with a throttled-operation error; 0 turns it off.',
    { unit: 'ms', min: 0, default: '0', docName: 'throttledOpWaitTime' },
  ),
  prop(
    'largeRequestMaxBytes',
    'int',
    'throttling',
    'Total bytes of large requests allowed in flight; a connection whose request would exceed it is closed.',
    { unit: 'bytes', min: 1, default: '104857600', since: '3.6.0' },
  ),
  prop('largeRequestThreshold', 'int', 'throttling', 'Size from which a request counts as large; -1 treats every request as small.', {
    unit: 'bytes',
    default: '-1',
    since: '3.6.0',
  }),
  prop(
    'enforceQuota',
    'boolean',
    'throttling',
    'Reject writes that would exceed a hard quota (bytes or children) instead of only logging.',
    { default: 'false', since: '3.7.0' },
  ),
];

/** Threading, batching, watches, containers and the unsafe options. */
export const tuningKeys: readonly KeySpec[] = [
  prop(
    'flushDelay',
    'int',
    'performance',
    'Delay before the transaction log is flushed, batching writes; 10–20 ms can raise throughput under heavy writes.',
    { unit: 'ms', min: 0, default: '0' },
  ),
  prop('maxWriteQueuePollTime', 'int', 'performance', 'With flushDelay on, how long to wait for more writes before flushing anyway.', {
    unit: 'ms',
    min: 0,
    defaultNote: 'flushDelay / 3',
  }),
  prop('maxBatchSize', 'int', 'performance', 'Transactions that force a flush of the log regardless of flushDelay.', {
    unit: 'count',
    min: 1,
    default: '1000',
  }),
  prop('nio.numSelectorThreads', 'int', 'performance', 'NIO selector threads for client connections (at least 1).', {
    unit: 'count',
    min: 1,
    defaultNote: 'sqrt(cores / 2)',
    since: '3.5.0',
  }),
  prop('nio.numWorkerThreads', 'int', 'performance', 'NIO worker threads for client socket I/O; 0 lets selector threads do it.', {
    unit: 'count',
    min: 0,
    defaultNote: '2 × cores',
    since: '3.5.0',
  }),
  prop(
    'commitProcessor.numWorkerThreads',
    'int',
    'performance',
    'Threads that process committed requests; 0 processes them on the main thread.',
    { unit: 'count', min: 0, defaultNote: 'the number of cores', since: '3.5.0' },
  ),
  prop(
    'commitProcessor.maxReadBatchSize',
    'int',
    'performance',
    'Reads processed before switching to commits; below 0 switches whenever commits wait.',
    { unit: 'count', default: '-1' },
  ),
  prop('commitProcessor.maxCommitBatchSize', 'int', 'performance', 'Commits processed before turning back to reads.', {
    unit: 'count',
    min: 1,
    default: '1',
  }),
  prop('enableEagerACLCheck', 'boolean', 'security', 'Check ACLs of writes on the receiving server before forwarding them to the leader.', {
    default: 'false',
  }),
  prop(
    'extendedTypesEnabled',
    'boolean',
    'experimental',
    'Enables TTL and other extended node types. Server ids must then stay below 255.',
    { default: 'false', since: '3.5.4' },
  ),
  prop(
    'emulate353TTLNodes',
    'boolean',
    'experimental',
    'Keeps TTL nodes created by 3.5.3 readable; needs extendedTypesEnabled and server ids of 127 or less.',
    {
      default: 'false',
      since: '3.5.4',
      deprecated: 'a compatibility shim for data written by 3.5.3; drop it once no such TTL nodes remain',
    },
  ),
  prop('watchManagerName', 'class', 'watches', 'Watch manager implementation: WatchManager, or WatchManagerOptimized for many watches.', {
    since: '3.6.0',
  }),
  prop('watcherCleanThreadsNum', 'int', 'watches', 'Threads cleaning up dead watchers (WatchManagerOptimized).', {
    unit: 'count',
    min: 1,
    default: '2',
    since: '3.6.0',
  }),
  prop('watcherCleanThreshold', 'int', 'watches', 'Dead watchers collected before a clean-up batch runs.', {
    unit: 'count',
    min: 1,
    default: '1000',
    since: '3.6.0',
  }),
  prop('watcherCleanIntervalInSeconds', 'int', 'watches', 'Longest time between clean-ups of dead watchers.', {
    unit: 's',
    min: 1,
    default: '600',
    since: '3.6.0',
  }),
  prop(
    'maxInProcessingDeadWatchers',
    'int',
    'watches',
    'Backlog of dead watchers above which adding watchers slows down; -1 is no limit.',
    { unit: 'count', default: '-1', since: '3.6.0' },
  ),
  prop('bitHashCacheSize', 'int', 'watches', "Size of the cache in the optimized watch manager's bit sets.", {
    unit: 'count',
    min: 0,
    default: '10',
    since: '3.6.0',
  }),
  prop('znode.container.checkIntervalMs', 'int', 'performance', 'Interval between checks for empty container and expired TTL nodes.', {
    unit: 'ms',
    min: 1,
    default: '60000',
    since: '3.6.0',
  }),
  prop('znode.container.maxPerMinute', 'int', 'performance', 'Most container and TTL nodes deleted per minute.', {
    unit: 'count',
    min: 1,
    default: '10000',
    since: '3.6.0',
  }),
  prop(
    'znode.container.maxNeverUsedIntervalMs',
    'int',
    'performance',
    'How long a container that never had children is kept; 0 keeps it forever.',
    { unit: 'ms', min: 0, default: '0', since: '3.6.0' },
  ),
  prop(
    'follower.skipLearnerRequestToNextProcessor',
    'boolean',
    'performance',
    'Lightens the memory load on an observer master by not passing learner requests down its pipeline.',
    { default: 'false' },
  ),
  prop(
    'jute.maxbuffer.extrasize',
    'int',
    'unsafe',
    'Room added to jute.maxbuffer for the extra data a server attaches to a request before logging it.',
    { unit: 'bytes', min: 1024, defaultNote: 'jute.maxbuffer', since: '3.5.7' },
  ),
  prop(
    'forceSync',
    'yesno',
    'unsafe',
    'Whether every transaction is fsynced to the log before it is acknowledged. "no" risks losing acknowledged writes on power loss; only the exact text "no" turns it off.',
    { default: 'yes' },
  ),
  key(
    'jute.maxbuffer',
    'int',
    'unsafe',
    'jvm',
    'Largest znode payload or request, in bytes. ZooKeeper reads it only as the JVM property -Djute.maxbuffer (no ' +
      'zookeeper. prefix), so a zoo.cfg line cannot set it. It must match on servers and clients.',
    { unit: 'bytes', min: 1, default: '1048575', sysProp: 'jute.maxbuffer' },
  ),
  key(
    'readonlymode.enabled',
    'boolean',
    'experimental',
    'jvm',
    'Lets a server cut off from the quorum keep serving reads to clients that allow read-only mode. Read only as the JVM property -Dreadonlymode.enabled, not from zoo.cfg.',
    { default: 'false', sysProp: 'readonlymode.enabled', since: '3.4.0' },
  ),
];

/** Provider-specific settings pass through to the metrics provider untouched. */
export const metricsPatterns: readonly PatternSpec[] = [
  {
    ...key('metricsProvider.*', 'string', 'metrics', 'config', 'Passed to the configured metrics provider as its own setting.'),
    pattern: /^metricsProvider\.(.+)$/,
    snippet: 'metricsProvider.${1:name}=${2:value}',
  },
];
