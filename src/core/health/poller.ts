import { parseConnectString } from '../connectString';
import { MetricStore } from '../metrics/store';
import type { TlsClient } from '../tls/client';
import { RATE_KEYS, RATE_WINDOW_MS, Thresholds } from './checks';
import { DynamicConfigSource } from './dynamicConfig';
import { MemberSet } from './members';
import { POLLED_METRIC_KEYS } from './polledKeys';
import { HealthReport, buildReport } from './report';
import { readDynamicView, snapshotMember } from './snapshot';
import { EnsembleSnapshot, MemberSnapshot, MemberTarget, MembershipView } from './types';

export interface HealthPollerOptions {
  readonly connectString: string;
  /** Time between rounds; default 2000, at least 500. */
  readonly intervalMs?: number;
  /** Budget per member per round; default half the interval within [500, 1500] ms. */
  readonly timeoutMs?: number;
  readonly adminPorts?: readonly (number | null | undefined)[];
  /** How often conf and /zookeeper/config are read to follow the membership. Default 30 s. */
  readonly membershipEveryMs?: number;
  /** Read /zookeeper/config over a ZooKeeper session. Default true. */
  readonly readDynamicConfig?: boolean;
  readonly auth?: readonly { scheme: string; auth: string }[];
  /** TLS for the members' secure client ports (4lw, /zookeeper/config) and an HTTPS AdminServer. */
  readonly tls?: TlsClient;
  /** Longest pause between probes of a member that keeps timing out. Default 10 s. */
  readonly maxBackoffMs?: number;
  readonly thresholds?: Thresholds;
  /** Where metrics go; a fresh store sized for the interval when absent. */
  readonly store?: MetricStore;
  /**
   * The mntr keys parsed and stored: default POLLED_METRIC_KEYS (what is judged, charted or shown),
   * `'all'` for every key the servers report.
   */
  readonly metricKeys?: ReadonlySet<string> | 'all';
  /** Called after each member's metrics went into the store (epoch ms of the sample). */
  readonly onSample?: (member: string, at: number) => void;
}

export const MIN_INTERVAL_MS = 500;
/** How long answers are gathered before the report is rebuilt. */
const RECOMPUTE_DELAY_MS = 25;
export const DEFAULT_INTERVAL_MS = 2000;

/**
 * The probe budget for an interval: half of it, within [500, 1500] ms. A hang then shows within
 * one interval plus the budget: 1.5 intervals at 1 s and 2 s (the goals: 2 s for a hung
 * member at a 1 s interval, 1.5 intervals in general).
 */
export function timeoutForInterval(intervalMs: number): number {
  return Math.round(Math.min(1500, Math.max(500, intervalMs * 0.5)));
}

interface MemberState {
  inFlight: boolean;
  /** Consecutive rounds without an answer that cost time (hung, unreachable). */
  failures: number;
  nextDueAt: number;
}

type Listener = (report: HealthReport) => void;

/**
 * Watches one ensemble: every interval each member is probed on its own (a hung member holds only
 * its own slot, never the others), results go to the metric store, and the health report is
 * rebuilt whenever a member's answer arrives. Members that keep timing out are probed less often
 * (exponential, capped); refused connections cost nothing and are retried every round, so a
 * restarted member shows up at once. Nothing runs until `start`; `stop` leaves no timer behind.
 */
export class HealthPoller {
  readonly store: MetricStore;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  private readonly members: MemberSet;
  private readonly latest = new Map<string, MemberSnapshot>();
  private readonly states = new Map<string, MemberState>();
  private readonly listeners = new Set<Listener>();
  private readonly dynamic: DynamicConfigSource | undefined;
  private dynamicView: { view: MembershipView | null; note: string | null } = { view: null, note: null };
  private timer: NodeJS.Timeout | undefined;
  private recomputeTimer: NodeJS.Timeout | undefined;
  private lastMembershipAt = Number.NEGATIVE_INFINITY;
  private membershipWanted = true;
  private lastLeader: string | null = null;
  /** Bumped by stop: answers of an earlier run are dropped. */
  private generation = 0;
  private current: HealthReport | undefined;
  private disposed = false;

  constructor(private readonly options: HealthPollerOptions) {
    const parsed = parseConnectString(options.connectString);
    this.intervalMs = Math.max(MIN_INTERVAL_MS, options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timeoutMs = options.timeoutMs ?? timeoutForInterval(this.intervalMs);
    this.store = options.store ?? new MetricStore({ intervalMs: this.intervalMs });
    this.members = new MemberSet(parsed, options.adminPorts);
    this.dynamic = options.readDynamicConfig === false ? undefined : new DynamicConfigSource(parsed.servers, options.auth, options.tls);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** The latest report, once every member answered (or timed out) at least once. */
  get report(): HealthReport | undefined {
    return this.current;
  }

  get targets(): readonly MemberTarget[] {
    return this.members.targets;
  }

  /** The latest snapshot of one member (its raw replies), for "copy member output". */
  memberSnapshot(address: string): MemberSnapshot | undefined {
    return this.latest.get(address);
  }

  onUpdate(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.disposed || this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  /** Stops polling; the last report and the metrics stay. Probes in flight end within their timeout. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.generation++;
    for (const state of this.states.values()) state.inFlight = false;
    void this.dynamic?.close().catch(() => undefined);
  }

  /** Probes every member now (ignoring backoff) and resolves with the report that follows. */
  async pollNow(): Promise<HealthReport> {
    const generation = this.generation;
    await Promise.all(this.members.targets.map((t) => this.probe(t, generation, true)));
    this.recompute();
    return this.current!;
  }

  private tick(): void {
    const now = Date.now();
    const membership = this.membershipWanted || now - this.lastMembershipAt >= (this.options.membershipEveryMs ?? 30_000);
    if (membership) {
      this.lastMembershipAt = now;
      this.membershipWanted = false;
      void this.readDynamic(this.generation);
    }
    for (const target of this.members.targets) {
      const state = this.stateOf(target.address);
      if (state.inFlight || now < state.nextDueAt) continue;
      void this.probe(target, this.generation, membership);
    }
  }

  private stateOf(address: string): MemberState {
    let state = this.states.get(address);
    if (!state) {
      state = { inFlight: false, failures: 0, nextDueAt: 0 };
      this.states.set(address, state);
    }
    return state;
  }

  private async readDynamic(generation: number): Promise<void> {
    if (!this.dynamic) return;
    const result = await readDynamicView((ms) => this.dynamic!.read(ms), this.timeoutMs);
    if (generation !== this.generation || this.disposed) return;
    this.dynamicView = result;
    this.queueRecompute();
  }

  private async probe(target: MemberTarget, generation: number, membership: boolean): Promise<void> {
    const state = this.stateOf(target.address);
    state.inFlight = true;
    const keys = this.options.metricKeys ?? POLLED_METRIC_KEYS;
    const snap = await snapshotMember(target, {
      timeoutMs: this.timeoutMs,
      membership,
      monitorKeys: keys === 'all' ? undefined : keys,
      tls: this.options.tls,
    });
    if (generation !== this.generation || this.disposed || !this.members.has(target.address)) return;
    state.inFlight = false;
    const previous = this.latest.get(target.address);
    // conf is read now and then: keep the last one (for the id), and the membership view only
    // while the member answers (a down member cannot vouch for it).
    const merged: MemberSnapshot = {
      ...snap,
      conf: snap.conf ?? previous?.conf ?? null,
      membership: snap.membership ?? (snap.probe.answered ? (previous?.membership ?? null) : null),
    };
    this.latest.set(target.address, merged);
    if (snap.probe.monitor) {
      this.store.record(target.address, snap.probedAt, snap.probe.monitor.metrics);
      this.options.onSample?.(target.address, snap.probedAt);
    }
    this.backoff(state, snap);
    this.queueRecompute();
  }

  private backoff(state: MemberState, snap: MemberSnapshot): void {
    const costly = snap.probe.state === 'hung' || snap.probe.errorKind === 'connect-timeout' || snap.probe.errorKind === 'unreachable';
    state.failures = costly ? state.failures + 1 : 0;
    const maxTicks = Math.max(1, Math.floor((this.options.maxBackoffMs ?? 10_000) / this.intervalMs));
    // Three misses at full rate (a hang must show quickly), then 2, 4, 8… rounds apart.
    const skip = state.failures <= 3 ? 1 : Math.min(maxTicks, 2 ** (state.failures - 3));
    state.nextDueAt = skip > 1 ? Date.now() + (skip - 1) * this.intervalMs : 0;
  }

  /**
   * Adds members a reconfig revealed, forgets those it removed. Only the agreed (newest) view is
   * followed: one member's stale view must not bring back a removed server. True when it changed.
   */
  private follow(view: MembershipView | null): boolean {
    const { added, removed } = this.members.follow(view);
    for (const target of removed) {
      this.latest.delete(target.address);
      this.states.delete(target.address);
      this.store.removeMember(target.address);
    }
    if (this.timer) for (const target of added) void this.probe(target, this.generation, true);
    return added.length > 0 || removed.length > 0;
  }

  /**
   * Members of one round answer within a few milliseconds of each other: one report for all of
   * them, a moment after the first, costs a fifth of one per answer. A hung member's late
   * timeout gets its own report.
   */
  private queueRecompute(): void {
    if (this.recomputeTimer) return;
    this.recomputeTimer = setTimeout(() => {
      this.recomputeTimer = undefined;
      if (!this.disposed) this.recompute();
    }, RECOMPUTE_DELAY_MS);
  }

  /**
   * Recent per-second rates of RATE_KEYS per member: the mean of the stored rates over the last
   * RATE_WINDOW_MS (equal spacing makes it Δvalue/Δtime over the window; a restart's gap is skipped).
   */
  private rates(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const address of this.store.memberNames()) {
      const latest = this.store.latest(address);
      if (!latest) continue;
      const since = latest.timeMs - RATE_WINDOW_MS;
      const row: Record<string, number> = {};
      for (const key of RATE_KEYS) {
        // The finest tier only: a coarse tier's bucket would mix in older minutes.
        const points = this.store.query(address, key).points;
        let sum = 0;
        let n = 0;
        for (let i = points.length - 1; i >= 0 && points[i]!.t >= since; i--) {
          sum += points[i]!.value;
          n++;
        }
        if (n > 0) row[key] = sum / n;
      }
      out[address] = row;
    }
    return out;
  }

  private recompute(): void {
    const targets = this.members.targets;
    const snaps = targets.flatMap((t) => {
      const s = this.latest.get(t.address);
      return s ? [s] : [];
    });
    // The first report waits for every member's first answer (or timeout): a partial ensemble
    // would look like a smaller, healthier one.
    if (snaps.length < targets.length) return;
    const times = snaps.map((s) => s.probedAt);
    const snapshot: EnsembleSnapshot = {
      connectString: this.options.connectString,
      takenAt: new Date(Math.min(...times)).toISOString(),
      elapsedMs: Math.max(...times) - Math.min(...times),
      members: snaps,
      dynamicConfig: this.dynamicView.view,
      dynamicConfigNote: this.dynamicView.note,
      rates: this.rates(),
    };
    const report = buildReport(snapshot, { thresholds: this.options.thresholds });
    // A changed member list makes this report stale: the next one (after the new members'
    // first answers, or right away for removals) is the one to show.
    if (this.follow(report.health.membership.agreed)) {
      this.queueRecompute();
      return;
    }
    const leader = report.health.leader?.address ?? null;
    // A new leader may come with a new membership (reconfig); read it on the next round.
    if (leader !== this.lastLeader) this.membershipWanted = true;
    this.lastLeader = leader;
    this.current = report;
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch {
        // A failing listener must not stop the others or the poller.
      }
    }
  }

  dispose(): void {
    this.stop();
    clearTimeout(this.recomputeTimer);
    this.recomputeTimer = undefined;
    this.disposed = true;
    this.listeners.clear();
  }
}
