/**
 * What the status bar and the tree say about the active cluster's health. No vscode import: the
 * wording is unit-tested in plain node; statusBar.ts and the tree map `severity` to theme colours.
 */
import { memberLine } from '../../core/health/summary';
import { Urgency, urgencyOf } from '../../core/health/urgency';
import type { HealthState } from './controller';

/** `notice` is a warning that does not threaten availability (latency, resources): no background. */
export type Severity = 'ok' | 'notice' | 'warning' | 'error' | 'none';

export interface StatusPresentation {
  readonly text: string;
  readonly severity: Severity;
  /** Markdown lines for the tooltip (joined with newlines: blank lines separate paragraphs). */
  readonly tooltip: readonly string[];
}

export const NO_CLUSTER_TEXT = '$(server-environment) ZK: no cluster';
/** Shown from the first moment of activation, before any cluster was looked at. */
export const CONNECTING_TEXT = '$(sync~spin) ZK: connecting…';

const SEVERITY: Record<Urgency, Severity> = { ok: 'ok', notice: 'notice', 'at-risk': 'warning', critical: 'error' };
const ICON: Record<Urgency, string> = { ok: '$(pass)', notice: '$(info)', 'at-risk': '$(warning)', critical: '$(error)' };

/** Escapes text for a markdown tooltip. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * Escapes text for a status bar item or a CodeLens title, where `$(name)` would draw an icon:
 * a cluster named `$(zap)` or a server's message shows as written.
 */
export function label(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

export function presentStatus(state: HealthState, otherClusters: readonly string[] = []): StatusPresentation {
  const others =
    otherClusters.length > 0 ? ['', `Other clusters: ${otherClusters.map(md).join(', ')} — *ZooKeeper: Pick Cluster for Health*`] : [];
  switch (state.kind) {
    case 'no-cluster':
      return {
        text: NO_CLUSTER_TEXT,
        severity: 'none',
        tooltip: ['ZooKeeper Ops: no cluster connected. Add one with *ZooKeeper: Add Cluster*.'],
      };
    case 'starting':
      return {
        text: `$(sync~spin) ZK ${label(state.cluster.name)}: connecting…`,
        severity: 'none',
        tooltip: [`Probing the members of **${md(state.cluster.name)}**…`, ...others],
      };
    case 'error':
      return {
        text: `$(error) ZK ${label(state.cluster.name)}: ${label(state.message)}`,
        severity: 'error',
        tooltip: [`**${md(state.cluster.name)}**: ${md(state.message)}`, ...others],
      };
    case 'paused':
    case 'watching': {
      const report = state.report;
      const paused = state.kind === 'paused';
      const off = 'Monitoring is off for this cluster (`"monitor": false` in `zookeeper.clusters`).';
      if (!report)
        return { text: `$(debug-pause) ZK ${label(state.cluster.name)}: not monitored`, severity: 'none', tooltip: [off, ...others] };
      const urgency = urgencyOf(report);
      const problems = report.checks.filter((c) => c.status !== 'pass');
      // Every line its own paragraph or list item: markdown runs plain consecutive lines together.
      const tooltip = [
        `**ZooKeeper ${md(state.cluster.name)}: ${md(report.summary)}**${paused ? ' *(last report; monitoring is off)*' : ''}`,
        '',
        ...report.health.members.map((m) => `- ${md(memberLine(m))}`),
        ...problems.slice(0, 6).flatMap((c) => ['', `${c.status === 'fail' ? '**FAIL**' : 'WARN'} ${md(c.title)}: ${md(c.evidence)}`]),
        ...(problems.length > 6 ? ['', `…and ${problems.length - 6} more (*ZooKeeper: Run Health Check*)`] : []),
        '',
        'Click to open the Ensemble view.',
        ...others,
      ];
      return {
        text: `${paused ? '$(debug-pause)' : ICON[urgency]} ZK ${label(state.cluster.name)}: ${label(report.summary)}`,
        severity: paused ? 'none' : SEVERITY[urgency],
        tooltip,
      };
    }
  }
}
