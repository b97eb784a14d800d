import { metricKind } from './counters';

/*
 * mntr keys as ZooKeeper's PrometheusMetricsProvider names them: the key without `zk_`; a summary
 * (mntr's `avg_`/`min_`/`max_`/`cnt_`/`sum_`/`pNN_` + name) as one family `name` with samples
 * `name_sum` and `name_count`; a summary set (mntr's `<key>_<name>`) as `name{key="<key>"}`.
 * The exporter serves these names and `zkops rules --prometheus` queries them.
 */

/** A valid Prometheus metric name. */
export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * ZooKeeper's summary sets (ServerMetrics.getSummarySet in 3.6–3.9): mntr prints one summary per
 * key as `<key>_<name>` (`zookeeper_write_per_namespace`, `1_learner_handler_qp_size`), the
 * provider one family with a `key` label.
 */
const SUMMARY_SETS = ['write_per_namespace', 'read_per_namespace', 'learner_handler_qp_size', 'learner_handler_qp_time_ms', 'ack_latency'];

/** The prefixes mntr gives a summary's parts; `cnt_` marks a summary. */
const SUMMARY_PARTS = ['avg_', 'min_', 'max_', 'cnt_', 'sum_', 'p50_', 'p95_', 'p99_', 'p999_'];

/**
 * ZooKeeper names some timings `…_time_ms`; Prometheus's linter (`promtool check metrics`) refuses
 * abbreviated units, so those families are served in base units as `…_time_seconds` (values / 1000).
 * The only names that differ from the provider's.
 */
const MILLISECONDS = /_ms$/;

/** `text` (metric type of the exposition format) of one served family. */
export type FamilyType = 'gauge' | 'untyped' | 'summary';

export interface FamilySample {
  /** '' for a gauge or untyped value; `_sum`/`_count` for a summary. */
  readonly suffix: '' | '_sum' | '_count';
  /** The summary set's key, when the family is a set. */
  readonly key?: string;
  readonly value: number;
}

export interface ProviderFamily {
  readonly name: string;
  readonly type: FamilyType;
  /** The mntr key (or summary name) it comes from, for the help text. */
  readonly source: string;
  /** Set when the values were converted from milliseconds. */
  readonly fromMilliseconds: boolean;
  readonly samples: FamilySample[];
}

/**
 * The served type of a plain value. The provider types counters `counter` and everything else
 * `gauge`, but promtool's linter rejects a counter without `_total` and a gauge ending in `_count`
 * (`znode_count`), both ZooKeeper's names: those are served `untyped`, which PromQL treats alike.
 */
function plainType(key: string): FamilyType {
  if (metricKind(key) === 'counter') return 'untyped';
  return /_(count|sum|bucket|total)$/.test(key) ? 'untyped' : 'gauge';
}

function summaryName(base: string): { name: string; key?: string } {
  for (const set of SUMMARY_SETS) {
    if (base.endsWith(`_${set}`) && base.length > set.length + 1) return { name: set, key: base.slice(0, -set.length - 1) };
  }
  return { name: base };
}

/** How one name is served: its family name (milliseconds become seconds), or null when invalid. */
interface Served {
  readonly name: string;
  readonly ms: boolean;
}

function served(name: string): Served | null {
  const ms = MILLISECONDS.test(name);
  const out = ms ? name.replace(MILLISECONDS, '_seconds') : name;
  return METRIC_NAME.test(out) ? { name: out, ms } : null;
}

/** What a key means, whatever the report: worked out once per key (they repeat every poll). */
interface KeyPlan {
  /** The summary part this key would be (`cnt_`, `sum_`, another prefix), and of which summary. */
  readonly part: { readonly prefix: string; readonly base: string } | null;
  /** As a summary's count or sum: family, set key. */
  readonly asSummary: (Served & { readonly setKey?: string; readonly source: string }) | null;
  /** As a plain value. */
  readonly asPlain: (Served & { readonly type: FamilyType }) | null;
}

const plans = new Map<string, KeyPlan>();
/** Keys are the server's; a server inventing keys without end must not grow this without end. */
const MAX_PLANS = 20_000;

function planOf(key: string): KeyPlan {
  let plan = plans.get(key);
  if (plan) return plan;
  const prefix = SUMMARY_PARTS.find((p) => key.startsWith(p));
  const base = prefix === undefined ? null : key.slice(prefix.length);
  let asSummary: KeyPlan['asSummary'] = null;
  if (base !== null && (prefix === 'cnt_' || prefix === 'sum_')) {
    const { name, key: setKey } = summaryName(base);
    const s = served(name);
    if (s) asSummary = { ...s, source: base, ...(setKey === undefined ? {} : { setKey }) };
  }
  const plain = served(key);
  plan = { part: prefix === undefined ? null : { prefix, base: base! }, asSummary, asPlain: plain && { ...plain, type: plainType(key) } };
  if (plans.size >= MAX_PLANS) plans.clear();
  plans.set(key, plan);
  return plan;
}

/** Adds one sample to the family `name`, creating it on first use. */
function add(families: Map<string, ProviderFamily>, target: Served, type: FamilyType, source: string, sample: FamilySample): void {
  let family = families.get(target.name);
  if (!family) {
    family = { name: target.name, type, source, fromMilliseconds: target.ms, samples: [] };
    families.set(target.name, family);
  }
  // A count stays a count; only durations (a plain value, a summary's sum) scale.
  const value = target.ms && sample.suffix !== '_count' ? sample.value / 1000 : sample.value;
  family.samples.push(value === sample.value ? sample : { ...sample, value });
}

/**
 * One member's mntr numbers as provider families, in mntr's order. Summary parts other than the
 * sum and count (averages, extremes and percentiles since start) are left out: the provider's
 * quantiles come from its own rotating window, which mntr cannot give.
 */
export function providerFamilies(metrics: Readonly<Record<string, number>>): ProviderFamily[] {
  const families = new Map<string, ProviderFamily>();
  // `cnt_<name>` marks a summary; `avg_latency` without `cnt_latency` is a plain gauge.
  const summaries = new Set<string>();
  for (const key in metrics) if (key.startsWith('cnt_')) summaries.add(key.slice(4));
  for (const key in metrics) {
    const value = metrics[key]!;
    const plan = planOf(key);
    if (plan.part && summaries.has(plan.part.base)) {
      if (plan.asSummary) {
        const sample: FamilySample =
          plan.asSummary.setKey === undefined
            ? { suffix: plan.part.prefix === 'cnt_' ? '_count' : '_sum', value }
            : { suffix: plan.part.prefix === 'cnt_' ? '_count' : '_sum', key: plan.asSummary.setKey, value };
        add(families, plan.asSummary, 'summary', plan.asSummary.source, sample);
      }
    } else if (plan.asPlain) {
      add(families, plan.asPlain, plan.asPlain.type, key, { suffix: '', value });
    }
  }
  return [...families.values()];
}
