import { EnsembleHealth, MemberHealth } from '../health/types';
import { CounterWindow } from './counterWindow';

/*
 * Named signals the rules compare: derived ones (below) and, for any other name, the raw mntr
 * key of that name (without `zk_`). A value of null means "this member does not report it now";
 * `undefined` from `memberSignal` means the member gave no metrics at all this round (no data).
 */

/** Keys the windowed signals need, kept per member in a CounterWindow. */
export const WINDOW_KEYS = ['sum_readlatency', 'cnt_readlatency', 'sum_updatelatency', 'cnt_updatelatency', 'sum_fsynctime'] as const;

/** Request latency window (as `rate(sum[5m]) / rate(count[5m])`) and fsync window (ZK's rule uses 1m). */
export const LATENCY_WINDOW_MS = 5 * 60_000;
export const FSYNC_WINDOW_MS = 60_000;

/** ZooKeeper's default maxClientCnxns, used when the member's conf was not read. */
export const DEFAULT_MAX_CLIENT_CNXNS = 60;

/** What the engine knows about one member this round. */
export interface MemberContext {
  readonly health: MemberHealth;
  /** mntr/monitor numbers, or null when the member gave none this round. */
  readonly metrics: Readonly<Record<string, number>> | null;
  readonly window: CounterWindow;
  /**
   * It was down (refusing connections) within STARTING_GRACE_MS and has not answered since: a
   * member that now accepts but does not answer yet is a JVM starting, still down, not hung.
   */
  readonly starting: boolean;
}

/** How long after a member was last seen down a silent-but-accepting member counts as starting. */
export const STARTING_GRACE_MS = 60_000;

/** Signals decided by the member's condition alone: they have data even when it is down. */
const CONDITION_SIGNALS: Record<string, (m: MemberHealth, starting: boolean) => number | null> = {
  member_down: (m, starting) => (m.condition === 'down' || (m.condition === 'hung' && starting) ? 1 : 0),
  member_hung: (m, starting) => (m.condition === 'hung' && !starting ? 1 : 0),
  member_read_only: (m) => (m.condition === 'read-only' ? 1 : 0),
  zxid_lag: (m) => (m.condition === 'up' && m.role === 'follower' ? m.lag : null),
};

function windowedLatency(w: CounterWindow): number | null {
  const sum = [w.increase('sum_readlatency', LATENCY_WINDOW_MS), w.increase('sum_updatelatency', LATENCY_WINDOW_MS)];
  const cnt = [w.increase('cnt_readlatency', LATENCY_WINDOW_MS), w.increase('cnt_updatelatency', LATENCY_WINDOW_MS)];
  const total = (xs: ({ amount: number } | null)[]): number => xs.reduce((a, x) => a + (x?.amount ?? 0), 0);
  const count = total(cnt);
  return count > 0 ? total(sum) / count : null;
}

function maxClientCnxns(m: MemberHealth): number | null {
  const configured = m.snapshot.conf?.maxClientCnxns;
  if (configured === 0) return null; // unlimited
  return configured ?? DEFAULT_MAX_CLIENT_CNXNS;
}

/** The most connections from one client IP (from cons when read), else all connections (an upper bound). */
function connectionsPerIp(ctx: MemberContext): number | null {
  const list = ctx.health.snapshot.connections?.connections;
  if (list && list.length > 0) {
    const byIp = new Map<string, number>();
    for (const c of list) {
      const ip = c.remoteAddress.replace(/:\d+$/, '');
      byIp.set(ip, (byIp.get(ip) ?? 0) + 1);
    }
    return Math.max(...byIp.values());
  }
  return ctx.metrics?.['num_alive_connections'] ?? null;
}

const METRIC_SIGNALS: Record<string, (ctx: MemberContext, metrics: Readonly<Record<string, number>>) => number | null> = {
  latency_ms: (ctx) => windowedLatency(ctx.window),
  fsync_ms_per_s: (ctx) => {
    const inc = ctx.window.increase('sum_fsynctime', FSYNC_WINDOW_MS);
    return inc && inc.seconds > 0 ? inc.amount / inc.seconds : null;
  },
  unsynced_voters: (_ctx, m) => {
    const voters = m['quorum_size'];
    const synced = m['synced_followers'];
    return voters === undefined || synced === undefined ? null : Math.max(0, voters - 1 - synced);
  },
  connections_per_ip: (ctx) => connectionsPerIp(ctx),
  max_client_cnxns: (ctx) => maxClientCnxns(ctx.health),
  heap_used: (_ctx, m) => m['jvm_memory_bytes_used_heap'] ?? m['heap_used'] ?? null,
  heap_max: (_ctx, m) => m['jvm_memory_bytes_max_heap'] ?? m['heap_max'] ?? null,
};

/**
 * A member signal's value: a number, null (not reported by this member now), or undefined (the
 * member gave no metrics this round: no data).
 */
export function memberSignal(name: string, ctx: MemberContext): number | null | undefined {
  const byCondition = CONDITION_SIGNALS[name];
  if (byCondition) return byCondition(ctx.health, ctx.starting);
  if (ctx.metrics === null) return undefined;
  const derived = METRIC_SIGNALS[name];
  if (derived) return derived(ctx, ctx.metrics);
  return ctx.metrics[name] ?? null;
}

/** What the engine remembers across rounds for ensemble signals. */
export interface EnsembleMemory {
  /** Epoch ms of leader changes seen (bounded by the caller). */
  readonly leaderChanges: readonly number[];
}

/** Ensemble-wide signals; null for an unknown name. */
export function ensembleSignal(name: string, health: EnsembleHealth, memory: EnsembleMemory, now: number): number | null {
  switch (name) {
    case 'quorum_lost':
      return health.quorum ? 0 : 1;
    case 'leaders':
      return health.leaderClaims.length;
    case 'quorum_at_risk':
      return health.quorum && !health.standalone && health.canLose === 0 ? 1 : 0;
    case 'can_lose':
      return health.canLose;
    case 'leader_changes_5m':
      return memory.leaderChanges.filter((t) => now - t <= 5 * 60_000).length;
    case 'versions':
      return health.versions.length;
    case 'config_drift':
      return health.membership.drift ? 1 : 0;
    case 'even_voters':
      return !health.standalone && health.voters > 0 && health.voters % 2 === 0 ? 1 : 0;
    case 'serving_voters':
      return health.servingVoters;
    default:
      return null;
  }
}
