import type { EnsembleEvent } from '../../shared/ensembleEvents';
import type { MetricStore } from '../metrics/store';
import type { ClusterMonitor, SamplesAppended } from './monitorApi';
import type { HealthPoller } from './poller';
import type { HealthReport } from './report';

/*
 * TEMPORARY: a ClusterMonitor over today's HealthPoller, so the dashboard can be built and tested
 * before the per-cluster health service lands (branch `svc`). It derives events by comparing
 * consecutive reports. To be replaced by the service; nothing but the dashboard's wiring uses it.
 */

const MAX_EVENTS = 500;

type Listener<T> = (value: T) => void;

function emit<T>(listeners: Set<Listener<T>>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch {
      // One failing listener must not starve the others.
    }
  }
}

export class PollerMonitor implements ClusterMonitor {
  private readonly eventList: EnsembleEvent[] = [];
  private readonly reportListeners = new Set<Listener<HealthReport>>();
  private readonly sampleListeners = new Set<Listener<SamplesAppended>>();
  private readonly eventListeners = new Set<Listener<EnsembleEvent>>();
  private readonly lastSampleAt = new Map<string, number>();
  private readonly lastUptime = new Map<string, number>();
  private previous: HealthReport | undefined;
  private seq = 0;
  private readonly unsubscribe: () => void;

  constructor(
    readonly clusterId: string,
    private readonly poller: HealthPoller,
  ) {
    this.unsubscribe = poller.onUpdate((report) => this.onPollerReport(report));
  }

  get store(): MetricStore {
    return this.poller.store;
  }

  get report(): HealthReport | undefined {
    return this.poller.report;
  }

  get events(): readonly EnsembleEvent[] {
    return this.eventList;
  }

  onReport(listener: Listener<HealthReport>): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  onSamples(listener: Listener<SamplesAppended>): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  onEvent(listener: Listener<EnsembleEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private push(event: EnsembleEvent): void {
    this.eventList.push(event);
    if (this.eventList.length > MAX_EVENTS) this.eventList.splice(0, this.eventList.length - MAX_EVENTS);
    emit(this.eventListeners, event);
  }

  private onPollerReport(report: HealthReport): void {
    const store = this.poller.store;
    const fresh: string[] = [];
    let at = 0;
    for (const member of store.memberNames()) {
      const latest = store.latest(member);
      if (!latest || latest.timeMs <= (this.lastSampleAt.get(member) ?? Number.NEGATIVE_INFINITY)) continue;
      this.lastSampleAt.set(member, latest.timeMs);
      fresh.push(member);
      at = Math.max(at, latest.timeMs);
      const uptime = latest.values.get('uptime');
      const before = this.lastUptime.get(member);
      if (uptime !== undefined) {
        if (before !== undefined && uptime < before) this.push({ kind: 'member-restarted', member, at: latest.timeMs, seq: ++this.seq });
        this.lastUptime.set(member, uptime);
      }
    }
    this.diff(report);
    this.previous = report;
    if (fresh.length > 0) emit(this.sampleListeners, { at, members: fresh });
    emit(this.reportListeners, report);
  }

  private diff(report: HealthReport): void {
    const before = this.previous?.health;
    if (!before) return;
    const at = Date.now();
    const now = report.health;
    const leader = now.leader?.address ?? null;
    const was = before.leader?.address ?? null;
    if (leader !== was) this.push({ kind: 'leader-changed', from: was, to: leader, at, seq: ++this.seq });
    const old = new Map(before.members.map((m) => [m.address, m]));
    const added = now.members.filter((m) => !old.has(m.address)).map((m) => m.address);
    const removed = before.members.filter((m) => !now.members.some((n) => n.address === m.address)).map((m) => m.address);
    if (added.length > 0 || removed.length > 0) this.push({ kind: 'membership-changed', added, removed, at, seq: ++this.seq });
    for (const m of now.members) {
      const prior = old.get(m.address);
      if (prior && prior.condition !== m.condition) {
        this.push({ kind: 'member-state-changed', member: m.address, from: prior.condition, to: m.condition, reason: m.reason, at, seq: ++this.seq });
      }
    }
  }

  dispose(): void {
    this.unsubscribe();
    this.reportListeners.clear();
    this.sampleListeners.clear();
    this.eventListeners.clear();
  }
}
