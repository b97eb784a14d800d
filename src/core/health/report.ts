import type { HealthJson } from '../../shared/healthJson';
import { RunChecksOptions, exitCodeOf, overallStatus, runChecks } from './checks';
import { assessEnsemble, releaseOf } from './model';
import { latencyTriple, stateWord, summaryLine } from './summary';
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

/** `address: note` lines, one per distinct note with every member it applies to (not one per member). */
function sameNoteOnce(notes: readonly { address: string; note: string }[]): string[] {
  const byNote = new Map<string, string[]>();
  for (const { address, note } of notes) byNote.set(note, [...(byNote.get(note) ?? []), address]);
  return [...byNote].map(([note, addresses]) => `${addresses.join(', ')}: ${note}`);
}

/** Assesses a snapshot and runs the checks on it. Pure. */
export function buildReport(snapshot: EnsembleSnapshot, options: RunChecksOptions = {}): HealthReport {
  const health = assessEnsemble(snapshot);
  const checks = runChecks(health, { rates: snapshot.rates, ...options });
  const status = overallStatus(checks);
  const notes = [
    ...(snapshot.dynamicConfigNote ? [snapshot.dynamicConfigNote] : []),
    ...sameNoteOnce(snapshot.members.flatMap((m) => m.notes.map((note) => ({ address: m.target.address, note })))),
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
  return inline(String(text))
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** A check's label in the report: never PASS for a value over its limit that is not judged yet. */
export function checkLabel(check: CheckResult): string {
  return check.notJudged ? 'NOT JUDGED' : LABEL[check.status];
}

/**
 * Problems under one cause: `cause` says what is wrong; `unknown` are checks that could not be
 * judged for that same reason (same advice, evidence "Unknown: …").
 */
export interface CauseGroup {
  readonly cause: CheckResult;
  readonly unknown: readonly CheckResult[];
}

const isUnknown = (c: CheckResult): boolean => c.evidence.startsWith('Unknown:');

/**
 * Groups problems by cause, so one reason (e.g. mntr not whitelisted) that makes many checks
 * unknown is said once, with the checks it affects under it, instead of once per check. An
 * unknown check joins a known problem with the same status and advice (the cause itself, e.g.
 * `monitoring-access`); unknown checks without one share the first of them with the same evidence.
 */
export function groupByCause(problems: readonly CheckResult[]): CauseGroup[] {
  const groups: { cause: CheckResult; unknown: CheckResult[] }[] = [];
  const sameFix = (a: CheckResult, b: CheckResult): boolean => a.status === b.status && a.advice === b.advice;
  for (const c of problems.filter((p) => !isUnknown(p))) groups.push({ cause: c, unknown: [] });
  for (const c of problems.filter(isUnknown)) {
    const home =
      groups.find((g) => !isUnknown(g.cause) && sameFix(g.cause, c)) ??
      groups.find((g) => isUnknown(g.cause) && sameFix(g.cause, c) && g.cause.evidence === c.evidence);
    if (home) home.unknown.push(c);
    else groups.push({ cause: c, unknown: [] });
  }
  const rank = (g: CauseGroup): number => (g.cause.status === 'fail' ? 0 : 1);
  return groups.sort((x, y) => rank(x) - rank(y));
}

const named = (c: CheckResult): string => `${inline(c.title)} (\`${c.id}\`)`;

/** The report as markdown: verdict, members, what needs attention (with advice), then every check. */
export function reportToMarkdown(report: HealthReport): string {
  const h = report.health;
  const count = (s: CheckStatus): number => report.checks.filter((c) => c.status === s && !c.notJudged).length;
  const unjudged = report.checks.filter((c) => c.notJudged);
  const counts = [
    `${count('pass')} passed`,
    ...(unjudged.length ? [`${unjudged.length} not judged yet`] : []),
    `${count('warn')} warnings`,
    `${count('fail')} failed`,
  ];
  const lines: string[] = [
    `# ZooKeeper health: ${LABEL[report.status]}`,
    '',
    `\`${h.connectString}\` · ${h.takenAt} · ${Math.round(h.elapsedMs)} ms`,
    '',
    `**${report.summary}** — ${report.checks.length} checks: ${counts.join(', ')} (exit code ${report.exitCode})`,
    '',
    '## Members',
    '',
    '| Member | Id | State | Voting | Zxid | Lag | Latency min/avg/max ms | Connections | Outstanding | Version |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const m of h.members) {
    const latency = m.latency ? latencyTriple(m.latency) : null;
    const voting = m.voting === null ? '?' : m.voting ? 'yes' : 'no';
    const state = m.condition === 'up' ? stateWord(m) : `${stateWord(m)}${m.reason ? `: ${m.reason}` : ''}`;
    lines.push(
      `| ${cell(m.address)} | ${cell(m.id)} | ${cell(state)} | ${voting} | ${cell(m.zxid)} | ${cell(m.lag)} | ` +
        `${cell(latency)} | ${cell(m.connections)} | ${cell(m.outstanding)} | ` +
        `${cell(m.version ? releaseOf(m.version) : null)} |`,
    );
  }
  const problems = report.checks.filter((c) => c.status !== 'pass');
  /** Checks said under another check's cause: their table row points there instead of repeating it. */
  const under = new Map<string, CheckResult>();
  if (problems.length > 0) {
    lines.push('', '## Needs attention');
    for (const { cause, unknown } of groupByCause(problems)) {
      const own = isUnknown(cause) ? [] : [cause];
      const heading = own.length ? named(cause) : `${unknown.length + 1} checks unknown for one reason`;
      lines.push(
        '',
        `### ${LABEL[cause.status]}: ${heading}`,
        '',
        `**Evidence:** ${inline(cause.evidence)}`,
        '',
        `**What to do:** ${cause.advice}`,
      );
      const affected = own.length ? unknown : [cause, ...unknown];
      if (affected.length > 0) {
        under.set(cause.id, cause);
        const what = own.length ? `Unknown for the same reason (${affected.length})` : 'Checks affected';
        lines.push('', `**${what}:** ${affected.map(named).join(', ')}`);
        for (const c of affected) under.set(c.id, cause);
      }
    }
  }
  if (unjudged.length > 0) {
    lines.push('', '## Not judged yet');
    for (const c of unjudged)
      lines.push('', `### ${named(c)}`, '', `**Evidence:** ${inline(c.evidence)}`, '', `**What to do:** ${c.advice}`);
  }
  lines.push('', '## All checks', '', '| Status | Check | Evidence |', '|---|---|---|');
  for (const c of report.checks) {
    const cause = under.get(c.id);
    const evidence = !cause
      ? c.evidence
      : cause.id === c.id
        ? 'See Needs attention.'
        : `Unknown: see “${cause.title}” under Needs attention.`;
    lines.push(`| ${checkLabel(c)} | ${cell(c.title)} (\`${c.id}\`) | ${cell(evidence)} |`);
  }
  if (report.notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of report.notes) lines.push(`- ${inline(n)}`);
  }
  return `${lines.join('\n')}\n`;
}
