import { LabelMatcher, exactAlternatives, formatMatchers, matchesLabels, parseMatchers } from './matchers';

/*
 * Which of a team's series and alerts are one cluster's. With a `selector` setting, those its
 * matchers pick. Without one, those whose `member` label is one of the cluster's members (`zkops
 * exporter` labels every member's series so), plus the alerts of the scrape targets that serve
 * those members (an ensemble-wide alert such as quorum-at-risk has no member label, only the
 * exporter's job and instance). Either way, alerts our own receiver sent for this cluster carry
 * `cluster="<its name>"` and belong to it.
 */

export interface ClusterScope {
  readonly clusterName: string;
  /** host:port of every member known (connect string and the latest report). */
  readonly members: readonly string[];
  /** Matchers that pick the cluster's series (a selector's, or `member=~"<members>"`). */
  readonly matchers: readonly LabelMatcher[];
  /** Whether the matchers came from the user's selector. */
  readonly explicit: boolean;
}

/** The scope of a cluster from its `prometheus.selector` (validated already) and its members. */
export function clusterScope(clusterName: string, members: readonly string[], selector?: string): ClusterScope {
  const unique = [...new Set(members)].sort();
  if (selector !== undefined) {
    const parsed = parseMatchers(selector);
    if (parsed.ok) return { clusterName, members: unique, matchers: parsed.matchers, explicit: true };
  }
  // No member known yet: a matcher that picks nothing rather than everything.
  const value = unique.length > 0 ? exactAlternatives(unique) : '$^';
  return { clusterName, members: unique, matchers: [{ name: 'member', op: '=~', value }], explicit: false };
}

/** `metric{matchers}`: one metric of this cluster in PromQL. */
export function scopedSelector(scope: ClusterScope, metric: string): string {
  return `${metric}${formatMatchers(scope.matchers)}`;
}

/** `job` and `instance` of a scrape target, as one key. */
export function targetKey(labels: Readonly<Record<string, string>>): string {
  return `${labels['job'] ?? ''}\u0000${labels['instance'] ?? ''}`;
}

/**
 * Whether an alert with these labels is this cluster's. `targets` are the scrape targets (see
 * targetKey) found serving the cluster's members; they count only without a selector.
 */
export function belongsToCluster(scope: ClusterScope, labels: Readonly<Record<string, string>>, targets: ReadonlySet<string>): boolean {
  if (labels['cluster'] === scope.clusterName) return true;
  if (matchesLabels(scope.matchers, labels)) return true;
  return !scope.explicit && labels['instance'] !== undefined && targets.has(targetKey(labels));
}

/** PromQL that names the scrape targets serving the cluster's members (used without a selector). */
export function targetsQuery(scope: ClusterScope): string {
  return `group by (job, instance) (${scopedSelector(scope, 'zkops_member_state')})`;
}
