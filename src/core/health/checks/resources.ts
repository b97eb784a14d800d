import { memberName } from '../model';
import { MemberHealth } from '../types';
import {
  ACCESS_ADVICE,
  HealthCheck,
  formatBytes,
  formatCount,
  metric,
  metricLimitCheck,
  names,
  noMetrics,
  notJudgedYet,
  pass,
  tooYoungToJudge,
  warn,
  withMetrics,
} from './check';

const ms = (v: number): string => `${formatCount(v)} ms`;

/** The request latency summaries whose sums and counts give a latency over a recent window. */
export const LATENCY_SUMMARIES: readonly string[] = ['readlatency', 'updatelatency'];

/**
 * Average request latency: over the poller's recent window from the `*latency` summaries' sum and
 * count rates (rate(sum)/rate(count), as Prometheus does), never from the since-start
 * `avg_latency` when a poller measured rates; a one-off check (no rates) falls back to that
 * average, not judged on a server up under 10 minutes.
 */
export const avgLatencyCheck: HealthCheck = {
  id: 'avg-latency',
  title: 'Average request latency',
  run({ health: h, thresholds, rates }) {
    const limit = thresholds.avgLatencyMs;
    const rows = withMetrics(h).flatMap((m) => {
      const r = rates?.[m.address];
      if (rates) {
        let sum = 0;
        let count = 0;
        for (const name of LATENCY_SUMMARIES) {
          const s = r?.[`sum_${name}`];
          const c = r?.[`cnt_${name}`];
          if (s === undefined || c === undefined || !Number.isFinite(s) || !Number.isFinite(c)) continue;
          sum += s;
          count += c;
        }
        if (r?.[`cnt_${LATENCY_SUMMARIES[0]}`] === undefined) return [{ m, value: null, text: 'measuring (two polls needed)' }];
        if (count <= 0) return [{ m, value: null, text: 'no requests in the last minute' }];
        const value = sum / count;
        return [{ m, value, text: `${ms(value)} over the last minute` }];
      }
      const avg = metric(m, 'avg_latency');
      if (avg === undefined) return [];
      const young = tooYoungToJudge(m);
      return [{ m, value: young ? null : avg, text: `${ms(avg)}${young ? ' (up under 10 min: not judged yet)' : ''} since start` }];
    });
    if (rows.length === 0) return noMetrics(h);
    const figures = rows.map((r) => `${memberName(r.m)}: ${r.text}`).join('; ');
    const over = rows.filter((r) => r.value !== null && r.value > limit);
    const advice =
      'Slow requests: check fsync time (disk), GC pauses, CPU, and outstanding requests; large znodes or getChildren on huge parents also cost.';
    if (over.length > 0) return warn(`Above ${ms(limit)} on ${names(over.map((r) => r.m))}. ${figures}.`, advice);
    // A since-start average over the limit on a young member is neither a warning nor a pass.
    const youngOver = rows.filter((r) => r.value === null && (metric(r.m, 'avg_latency') ?? 0) > limit && !rates);
    if (youngOver.length > 0)
      return notJudgedYet(
        youngOver.map((r) => r.m),
        figures,
      );
    return pass(`${figures} (limit ${ms(limit)}).`);
  },
};

export const maxLatencyCheck = metricLimitCheck({
  id: 'max-latency',
  title: 'Maximum request latency',
  key: 'max_latency',
  limit: (t) => t.maxLatencyMs,
  format: ms,
  note: '(maximum since the server started or its stats were reset)',
  advice: 'At least one request took this long: look for GC pauses, disk stalls (fsync warnings in the log) or a sync storm at that time.',
});

export const outstandingCheck = metricLimitCheck({
  id: 'outstanding-requests',
  title: 'Outstanding requests',
  key: 'outstanding_requests',
  limit: (t) => t.outstandingRequests,
  format: formatCount,
  advice:
    'Requests queue faster than the server processes them: reduce client load, look for hot znodes and slow disks, or add observers for reads.',
});

export const connectionsCheck = metricLimitCheck({
  id: 'connections',
  title: 'Client connections',
  key: 'num_alive_connections',
  limit: (t) => t.connections,
  format: formatCount,
  advice:
    'Many clients on one member: check for connection leaks (one ZooKeeper client per process is the rule) and ' +
    'spread clients over all members. maxClientCnxns limits connections per client IP.',
});

function perClientPeak(m: MemberHealth): { ip: string; count: number } | null {
  const list = m.snapshot.connections?.connections;
  if (!list || list.length === 0) return null;
  const byIp = new Map<string, number>();
  for (const c of list) {
    const ip = c.remoteAddress.slice(0, c.remoteAddress.lastIndexOf(':'));
    byIp.set(ip, (byIp.get(ip) ?? 0) + 1);
  }
  let peak = { ip: '', count: 0 };
  for (const [ip, count] of byIp) if (count > peak.count) peak = { ip, count };
  return peak;
}

export const connectionsPerClientCheck: HealthCheck = {
  id: 'connections-per-client',
  title: 'Connections per client IP vs maxClientCnxns',
  run({ health: h, thresholds, connectionsFetched }) {
    if (!connectionsFetched) return null;
    const rows = h.members
      .filter((m) => m.condition === 'up')
      .flatMap((m) => {
        const peak = perClientPeak(m);
        const limit = m.snapshot.conf?.maxClientCnxns;
        return peak && limit !== null && limit !== undefined ? [{ m, peak, limit }] : [];
      });
    if (rows.length === 0) return warn('Unknown: no member gave both its client list (cons) and maxClientCnxns (conf).', ACCESS_ADVICE);
    const figures = rows
      .map((r) => `${memberName(r.m)}: ${r.peak.count} from ${r.peak.ip} of ${r.limit === 0 ? 'unlimited' : r.limit}`)
      .join('; ');
    const near = rows.filter((r) => r.limit > 0 && r.peak.count >= r.limit * thresholds.connectionsPerClientRatio);
    if (near.length > 0) {
      return warn(
        `A client IP is near maxClientCnxns on ${names(near.map((r) => r.m))}: ${figures}. At the limit the server refuses new connections from that IP.`,
        'Find the process opening many sessions from that host (a client per request is a classic leak); raise maxClientCnxns only if the connections are legitimate.',
      );
    }
    return pass(`Busiest client IP per member: ${figures}.`);
  },
};

export const fileDescriptorsCheck: HealthCheck = {
  id: 'file-descriptors',
  title: 'File descriptors',
  run({ health: h, thresholds }) {
    const rows = withMetrics(h).flatMap((m) => {
      const open = metric(m, 'open_file_descriptor_count');
      const max = metric(m, 'max_file_descriptor_count');
      return open !== undefined && max !== undefined && max > 0 ? [{ m, open, max }] : [];
    });
    if (rows.length === 0) return noMetrics(h);
    const figures = rows
      .map((r) => `${memberName(r.m)}: ${formatCount(r.open)} of ${formatCount(r.max)} (${Math.round((r.open / r.max) * 100)} %)`)
      .join('; ');
    const near = rows.filter((r) => r.open > r.max * thresholds.fileDescriptorRatio);
    if (near.length > 0) {
      return warn(
        `Above ${Math.round(thresholds.fileDescriptorRatio * 100)} % of the limit on ${names(near.map((r) => r.m))}: ${figures}.`,
        'Raise the limit (ulimit -n / LimitNOFILE) and look for connection leaks; at the limit the server cannot accept clients or open log files.',
      );
    }
    return pass(`${figures}.`);
  },
};

export const znodeCountCheck = metricLimitCheck({
  id: 'znode-count',
  title: 'Znode count',
  key: 'znode_count',
  limit: (t) => t.znodeCount,
  format: formatCount,
  advice:
    'A very large tree slows snapshots, restarts and syncs of new followers: clean up unused znodes, and check for leaked sequential or ephemeral nodes.',
});

export const dataSizeCheck = metricLimitCheck({
  id: 'data-size',
  title: 'Data size',
  key: 'approximate_data_size',
  limit: (t) => t.dataSizeBytes,
  format: formatBytes,
  advice: 'ZooKeeper keeps all data in memory and in every snapshot: move bulk data elsewhere and keep znodes small; check the heap size.',
});

export const watchCountCheck = metricLimitCheck({
  id: 'watch-count',
  title: 'Watches',
  key: 'watch_count',
  limit: (t) => t.watchCount,
  format: formatCount,
  advice:
    'Many watches cost memory and make every change fan out: look for clients watching many nodes (wchc/wchp), or consider persistent recursive watches.',
});

export const ephemeralsCheck = metricLimitCheck({
  id: 'ephemerals',
  title: 'Ephemeral nodes',
  key: 'ephemerals_count',
  limit: (t) => t.ephemerals,
  format: formatCount,
  advice: 'Each session close deletes its ephemerals in one go: check for clients that create many of them (leaked locks, registrations).',
});

/**
 * Counters whose recent rate (from a poller's metric store, averaged over `RATE_WINDOW_MS`) the
 * checks use instead of since-start averages.
 */
export const RATE_KEYS: readonly string[] = ['sum_fsynctime', ...LATENCY_SUMMARIES.flatMap((n) => [`sum_${n}`, `cnt_${n}`])];

/** How far back the recent rates reach. */
export const RATE_WINDOW_MS = 60_000;

export const fsyncCheck: HealthCheck = {
  id: 'fsync-time',
  title: 'Transaction log fsync time',
  run({ health: h, thresholds, rates }) {
    const rows = withMetrics(h).flatMap((m) => {
      const measured = rates?.[m.address]?.['sum_fsynctime'];
      if (measured !== undefined && Number.isFinite(measured)) return [{ m, rate: measured, basis: 'over the last minute', young: false }];
      const sum = metric(m, 'sum_fsynctime');
      const uptime = metric(m, 'uptime');
      if (sum === undefined || uptime === undefined || uptime <= 0) return [];
      const young = tooYoungToJudge(m);
      return [
        {
          m,
          rate: sum / (uptime / 1000),
          basis: young ? 'averaged since start (up under 10 min: not judged yet)' : 'averaged since start',
          young,
        },
      ];
    });
    if (rows.length === 0) return noMetrics(h);
    const figures = rows.map((r) => `${memberName(r.m)}: ${r.rate.toFixed(1)} ms/s ${r.basis}`).join('; ');
    const slow = rows.filter((r) => r.rate > thresholds.fsyncMsPerSecond && !r.young);
    if (slow.length > 0) {
      return warn(
        `Above ${thresholds.fsyncMsPerSecond} ms of fsync per second on ${names(slow.map((r) => r.m))}: ${figures}.`,
        'The transaction log disk is too slow or shared: give dataLogDir its own fast disk, and check for "fsync-ing the write ahead log" warnings in the server log.',
      );
    }
    const unjudged = rows.filter((r) => r.rate > thresholds.fsyncMsPerSecond);
    if (unjudged.length > 0)
      return notJudgedYet(
        unjudged.map((r) => r.m),
        `${figures} (limit ${thresholds.fsyncMsPerSecond} ms/s)`,
      );
    return pass(`${figures}.`);
  },
};

export const digestCheck = metricLimitCheck({
  id: 'digest-mismatches',
  title: 'Data digest mismatches',
  key: 'digest_mismatches_count',
  limit: () => 0,
  format: formatCount,
  note: '(since start)',
  advice:
    "A member's data tree differs from the leader's: the member is corrupt or diverged. Stop it, move its data dir aside and let it resync from the leader.",
});

export const resourceChecks: readonly HealthCheck[] = [
  avgLatencyCheck,
  maxLatencyCheck,
  outstandingCheck,
  connectionsCheck,
  connectionsPerClientCheck,
  fileDescriptorsCheck,
  znodeCountCheck,
  dataSizeCheck,
  watchCountCheck,
  ephemeralsCheck,
  fsyncCheck,
  digestCheck,
];
