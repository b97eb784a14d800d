import type { HealthJson } from '../../shared/healthJson';
import { RunChecksOptions, exitCodeOf, overallStatus, runChecks } from './checks';
import { assessEnsemble, releaseOf } from './model';
import { stateWord, summaryLine } from './summary';
import { CheckResult, CheckStatus, EnsembleHealth, EnsembleSnapshot } from './types';

/** A health check's outcome: the model, every check, and the verdict. */
export interface HealthReport {
  readonly health: EnsembleHealth;
  readonly checks: readonly CheckResult[];
  readonly status: CheckStatus;
  readonly exitCode: 0 | 1 | 2;
  readonly summary: string;
  /** What could not be fetched (conf, /zookeeper/config, …), for the reader. */
  readonly notes: readonly string[];
}

/** Assesses a snapshot and runs the checks on it. Pure. */
export function buildReport(snapshot: EnsembleSnapshot, options: RunChecksOptions = {}): HealthReport {
  const health = assessEnsemble(snapshot);
  const checks = runChecks(health, { rates: snapshot.rates, ...options });
  const status = overallStatus(checks);
  const notes = [
    ...(snapshot.dynamicConfigNote ? [snapshot.dynamicConfigNote] : []),
    ...snapshot.members.flatMap((m) => m.notes.map((n) => `${m.target.address}: ${n}`)),
  ];
  return { health, checks, status, exitCode: exitCodeOf(status), summary: summaryLine(health), notes };
}

/**
 * The `zkops health --json` document (schema `zkops-health/1`, declared in src/shared/healthJson.ts;
 * fields are only ever added).
 */
export function reportToJson(report: HealthReport): HealthJson {
  const h = report.health;
  const count = (s: CheckStatus): number => report.checks.filter((c) => c.status === s).length;
  return {
    schema: 'zkops-health/1',
    connectString: h.connectString,
    takenAt: h.takenAt,
    elapsedMs: h.elapsedMs,
    status: report.status,
    exitCode: report.exitCode,
    summary: report.summary,
    counts: { pass: count('pass'), warn: count('warn'), fail: count('fail') },
    ensemble: {
      leader: h.leader ? { id: h.leader.id, address: h.leader.address } : null,
      quorum: h.quorum,
      voters: h.voters,
      servingVoters: h.servingVoters,
      majority: h.majority,
      canLose: h.canLose,
      splitBrain: h.splitBrain,
      standalone: h.standalone,
      versions: h.versions,
      configDrift: h.membership.drift,
    },
    checks: report.checks.map((c) => ({ id: c.id, title: c.title, status: c.status, evidence: c.evidence, advice: c.advice })),
    members: h.members.map((m) => ({
      address: m.address,
      id: m.id,
      role: m.role,
      state: m.condition,
      voting: m.voting,
      inConnectString: m.fromConnectString,
      zxid: m.zxid,
      lag: m.lag,
      latencyMs: m.latency ? { min: m.latency.min, avg: m.latency.avg, max: m.latency.max } : null,
      connections: m.connections,
      outstanding: m.outstanding,
      openFileDescriptors: m.openFileDescriptors,
      maxFileDescriptors: m.maxFileDescriptors,
      version: m.version,
      metricsSource: m.metricsSource,
      reason: m.reason,
    })),
    notes: report.notes,
  };
}

/**
 * Evidence carries server replies and error texts: escape what could become a link, an image, HTML
 * or code in a markdown preview, and nothing else, so the report still reads well in a terminal.
 */
function inline(text: string): string {
  return text.replace(/[<>[\]`]/g, '\\$&');
}

/** Table cells hold no pipes or newlines, and escape like `inline`. */
function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === '') return '–';
  return inline(String(text)).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** The report as markdown: verdict, members, what needs attention (with advice), then every check. */
export function reportToMarkdown(report: HealthReport): string {
  const h = report.health;
  const count = (s: CheckStatus): number => report.checks.filter((c) => c.status === s).length;
  const lines: string[] = [
    `# ZooKeeper health: ${LABEL[report.status]}`,
    '',
    `\`${h.connectString}\` · ${h.takenAt} · ${Math.round(h.elapsedMs)} ms`,
    '',
    `**${report.summary}** — ${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed (exit code ${report.exitCode})`,
    '',
    '## Members',
    '',
    '| Member | Id | State | Voting | Zxid | Lag | Latency min/avg/max ms | Connections | Outstanding | Version |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const m of h.members) {
    const latency = m.latency ? `${m.latency.min}/${m.latency.avg}/${m.latency.max}` : null;
    const voting = m.voting === null ? '?' : m.voting ? 'yes' : 'no';
    const state = m.condition === 'up' ? stateWord(m) : `${stateWord(m)}${m.reason ? `: ${m.reason}` : ''}`;
    lines.push(`| ${cell(m.address)} | ${cell(m.id)} | ${cell(state)} | ${voting} | ${cell(m.zxid)} | ${cell(m.lag)} | ${cell(latency)} | ${cell(m.connections)} | ${cell(m.outstanding)} | ${cell(m.version ? releaseOf(m.version) : null)} |`);
  }
  const problems = report.checks.filter((c) => c.status !== 'pass');
  if (problems.length > 0) {
    lines.push('', '## Needs attention');
    for (const c of [...problems.filter((p) => p.status === 'fail'), ...problems.filter((p) => p.status === 'warn')]) {
      lines.push('', `### ${LABEL[c.status]}: ${c.title} (\`${c.id}\`)`, '', `**Evidence:** ${inline(c.evidence)}`, '', `**What to do:** ${c.advice}`);
    }
  }
  lines.push('', '## All checks', '', '| Status | Check | Evidence |', '|---|---|---|');
  for (const c of report.checks) lines.push(`| ${LABEL[c.status]} | ${cell(c.title)} (\`${c.id}\`) | ${cell(c.evidence)} |`);
  if (report.notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of report.notes) lines.push(`- ${inline(n)}`);
  }
  return `${lines.join('\n')}\n`;
}
