/**
 * What the status bar and the tree say about the active cluster's health. No vscode import: the
 * wording is unit-tested in plain node; statusBar.ts and the tree map `severity` to theme colours.
 */
import type { CheckStatus } from '../../core/health/types';
import { memberLine } from '../../core/health/summary';
import type { HealthState } from './controller';

export type Severity = 'ok' | 'warning' | 'error' | 'none';

export interface StatusPresentation {
  readonly text: string;
  readonly severity: Severity;
  /** Markdown lines for the tooltip. */
  readonly tooltip: readonly string[];
}

export const NO_CLUSTER_TEXT = '$(server-environment) ZK: no cluster';

const SEVERITY: Record<CheckStatus, Severity> = { pass: 'ok', warn: 'warning', fail: 'error' };
const ICON: Record<CheckStatus, string> = { pass: '$(pass)', warn: '$(warning)', fail: '$(error)' };

/** Escapes text for a markdown tooltip. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function presentStatus(state: HealthState, otherClusters: readonly string[] = []): StatusPresentation {
  const others = otherClusters.length > 0 ? ['', `Other clusters: ${otherClusters.map(md).join(', ')} — *ZooKeeper: Pick Cluster for Health*`] : [];
  switch (state.kind) {
    case 'no-cluster':
      return { text: NO_CLUSTER_TEXT, severity: 'none', tooltip: ['ZooKeeper Ops: no cluster connected. Add one with *ZooKeeper: Add Cluster*.'] };
    case 'starting':
      return { text: `$(sync~spin) ZK ${state.cluster.name}: checking…`, severity: 'none', tooltip: [`Probing the members of **${md(state.cluster.name)}**…`, ...others] };
    case 'error':
      return { text: `$(error) ZK ${state.cluster.name}: ${state.message}`, severity: 'error', tooltip: [`**${md(state.cluster.name)}**: ${md(state.message)}`, ...others] };
    case 'paused':
    case 'watching': {
      const report = state.report;
      const paused = state.kind === 'paused';
      if (!report) return { text: `$(debug-pause) ZK ${state.cluster.name}: paused`, severity: 'none', tooltip: ['Health polling paused while the window is unfocused.', ...others] };
      const problems = report.checks.filter((c) => c.status !== 'pass');
      const tooltip = [
        `**ZooKeeper ${md(state.cluster.name)}: ${md(report.summary)}**${paused ? ' *(paused while the window is unfocused)*' : ''}`,
        '',
        ...report.health.members.map((m) => `- ${md(memberLine(m))}`),
        ...(problems.length > 0 ? ['', ...problems.slice(0, 6).map((c) => `${c.status === 'fail' ? '**FAIL**' : 'WARN'} ${md(c.title)}: ${md(c.evidence)}`)] : []),
        ...(problems.length > 6 ? [`…and ${problems.length - 6} more (*ZooKeeper: Run Health Check*)`] : []),
        '',
        'Click to open the Ensemble view.',
        ...others,
      ];
      return {
        text: `${paused ? '$(debug-pause)' : ICON[report.status]} ZK ${state.cluster.name}: ${report.summary}`,
        severity: paused ? 'none' : SEVERITY[report.status],
        tooltip,
      };
    }
  }
}
