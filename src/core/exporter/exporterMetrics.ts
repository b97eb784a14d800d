import { Gauge, Metric, Registry } from 'prom-client';
import type { HealthReport } from '../health/report';
import type { MemberCondition } from '../health/types';
import { FamilySample, FamilyType, ProviderFamily, providerFamilies } from '../metrics/prometheusNames';

/** Every condition a member can be in; `zkops_member_state` has one series per member and value. */
const CONDITIONS: readonly MemberCondition[] = ['up', 'down', 'hung', 'not-serving', 'read-only', 'unknown'];

interface ServedValue {
  readonly metricName?: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/**
 * One family of ZooKeeper's metrics for prom-client's Registry. prom-client's metric classes
 * cannot serve these: a Summary computes its own sum and count from observations (mntr gives
 * totals), and there is no untyped kind. Its Registry formats any object with a name, help, type
 * and values, which is what this is; the values are replaced after each poll.
 */
class ProviderFamilyMetric {
  readonly aggregator = 'sum';
  values: ServedValue[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: FamilyType,
  ) {}

  get(): Promise<{ name: string; help: string; type: FamilyType; aggregator: string; values: ServedValue[] }> {
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values });
  }
}

function helpOf(family: ProviderFamily): string {
  const source = family.type === 'summary' ? `mntr zk_sum_${family.source} and zk_cnt_${family.source}` : `mntr zk_${family.source}`;
  return `ZooKeeper ${source}, per member${family.fromMilliseconds ? ', milliseconds served as seconds' : ''} (PrometheusMetricsProvider's name).`;
}

function servedValue(name: string, member: string, sample: FamilySample): ServedValue {
  // Called for every value of every member each poll: no spreads, few allocations.
  const labels: Record<string, string> = sample.key === undefined ? { member } : { member, key: sample.key };
  return sample.suffix === '' ? { labels, value: sample.value } : { metricName: name + sample.suffix, labels, value: sample.value };
}

/**
 * What `zkops exporter` serves, rebuilt from each health report: every member's mntr numbers under
 * the provider's names (label `member`), and our derived signals under `zkops_`. Scrapes read the
 * last report only; nothing here talks to ZooKeeper.
 */
export class ExporterMetrics {
  readonly registry = new Registry();
  private readonly families = new Map<string, ProviderFamilyMetric>();
  private readonly members: Gauge;
  private readonly state: Gauge<'member' | 'state'>;
  private readonly info: Gauge<'member' | 'id' | 'version'>;
  private readonly leaderId: Gauge<'member'>;
  private readonly leaders: Gauge;
  private readonly quorum: Gauge;
  private readonly margin: Gauge;
  private readonly voters: Gauge;
  private readonly servingVoters: Gauge;
  private readonly lag: Gauge<'member'>;
  private readonly polledAt: Gauge;
  private reported = false;

  constructor() {
    const registers = [this.registry];
    // zkops_members is always served once a poll finished: `zkops rules --prometheus` uses it to tell this exporter's target from a member's own.
    this.members = new Gauge({
      name: 'zkops_members',
      help: 'Members the exporter polls (connect string plus members the membership names).',
      registers,
    });
    this.state = new Gauge({
      name: 'zkops_member_state',
      help: 'Member condition: 1 for the state it is in, 0 for the others (up, down, hung, not-serving, read-only, unknown).',
      labelNames: ['member', 'state'],
      registers,
    });
    this.info = new Gauge({
      name: 'zkops_member_info',
      help: "Always 1; the member's server id and version as labels (empty when unknown).",
      labelNames: ['member', 'id', 'version'],
      registers,
    });
    // Labelled so that it can be absent: prom-client serves an unlabelled gauge as 0 after a reset.
    this.leaderId = new Gauge({
      name: 'zkops_leader_id',
      help: 'Server id of the one serving leader (label: its address); absent without one or when its id is unknown.',
      labelNames: ['member'],
      registers,
    });
    // Counted from every answer that names a role (srvr, mntr or AdminServer), as zkops monitor counts
    // leaders: leader_uptime alone goes missing whenever the leader's mntr does, with a leader serving.
    this.leaders = new Gauge({ name: 'zkops_leaders', help: 'Members that claim to lead (1 when healthy).', registers });
    this.quorum = new Gauge({ name: 'zkops_quorum', help: '1 when a leader serves with a majority of voters, else 0.', registers });
    this.margin = new Gauge({
      name: 'zkops_quorum_margin',
      help: 'Voters that may still fail before quorum is lost (0 without quorum).',
      registers,
    });
    this.voters = new Gauge({ name: 'zkops_voters', help: 'Voting members the ensemble is configured with.', registers });
    this.servingVoters = new Gauge({ name: 'zkops_serving_voters', help: 'Voting members serving now (leader and followers).', registers });
    this.lag = new Gauge({
      name: 'zkops_zxid_lag',
      help: 'Transactions a serving member trails the leader by; absent when unknown.',
      labelNames: ['member'],
      registers,
    });
    this.polledAt = new Gauge({
      name: 'zkops_last_poll_timestamp_seconds',
      help: 'When the report these values come from was built (Unix time).',
      registers,
    });
  }

  /** Whether a report arrived yet (before it, there is nothing true to serve). */
  get ready(): boolean {
    return this.reported;
  }

  update(report: HealthReport, at = Date.now()): void {
    const health = report.health;
    for (const gauge of [this.state, this.info, this.leaderId, this.lag]) gauge.reset();
    this.members.set(health.members.length);
    for (const m of health.members) {
      for (const condition of CONDITIONS) this.state.set({ member: m.address, state: condition }, m.condition === condition ? 1 : 0);
      this.info.set({ member: m.address, id: m.id === null ? '' : String(m.id), version: m.version ?? '' }, 1);
      if (m.lag !== null) this.lag.set({ member: m.address }, m.lag);
    }
    const leader = health.leader;
    if (leader && leader.id !== null) this.leaderId.set({ member: leader.address }, leader.id);
    this.leaders.set(health.leaderClaims.length);
    this.quorum.set(health.quorum ? 1 : 0);
    this.margin.set(health.canLose);
    this.voters.set(health.voters);
    this.servingVoters.set(health.servingVoters);
    this.polledAt.set(at / 1000);
    this.updateFamilies(report);
    this.reported = true;
  }

  /** The provider's families from this round's answers: a member that did not answer has none. */
  private updateFamilies(report: HealthReport): void {
    const next = new Map<string, { family: ProviderFamily; values: ServedValue[] }>();
    for (const m of report.health.members) {
      const metrics = m.snapshot.probe.monitor?.metrics;
      if (!metrics) continue;
      for (const family of providerFamilies(metrics)) {
        let entry = next.get(family.name);
        if (!entry) {
          entry = { family, values: [] };
          next.set(family.name, entry);
        }
        for (const sample of family.samples) entry.values.push(servedValue(family.name, m.address, sample));
      }
    }
    for (const [name, metric] of this.families) {
      if (next.has(name) && next.get(name)!.family.type === metric.type) continue;
      this.registry.removeSingleMetric(name);
      this.families.delete(name);
    }
    for (const [name, { family, values }] of next) {
      let metric = this.families.get(name);
      if (!metric) {
        metric = new ProviderFamilyMetric(name, helpOf(family), family.type);
        // prom-client's types list only its own classes; its Registry needs name and get() (see above).
        this.registry.registerMetric(metric as unknown as Metric);
        this.families.set(name, metric);
      }
      metric.values = values;
    }
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
