import type { HealthReport } from '../../health/report';
import type { CheckResult, MemberHealth } from '../../health/types';
import { memberLine, nameOf, quorumLine } from '../ensembleState';
import type { PlannedRunbook, Step } from '../types';
import type { PlanContext } from './context';

/*
 * Runbooks for faults no member control can fix: each diagnoses from the health checks that see
 * the fault (their evidence, plus readings of its own), says exactly what to run where, and
 * verifies that those checks pass again.
 */

interface CheckRunbook {
  /** The alert rule id it answers. */
  readonly id: string;
  readonly title: string;
  /** Health check ids; the runbook applies while one of them does not pass. */
  readonly checks: readonly string[];
  /** More evidence than the checks give. */
  readonly evidence?: (report: HealthReport, ctx: PlanContext) => string[];
  /** What the user does, where: the manual act step (none: only diagnose and wait). */
  readonly manual?: (report: HealthReport, ctx: PlanContext) => { does: string; how: string; where: string };
}

const members = (report: HealthReport, pick: (m: MemberHealth) => boolean): MemberHealth[] => report.health.members.filter(pick);
const confValue = (m: MemberHealth, key: string): string | null => m.snapshot.conf?.values[key] ?? null;

const CHECK_RUNBOOKS: readonly CheckRunbook[] = [
  {
    id: 'split-brain',
    title: 'Split brain: several leaders',
    checks: ['split-brain'],
    evidence: (r) => r.health.leaderClaims.map((m) => `${memberLine(m)} says it leads`),
    manual: (r) => ({
      does: 'Stop the member that leads without a quorum behind it',
      how:
        `usually a member that was paused (SIGSTOP, VM suspend) and resumed: it steps down within a tick; ` +
        `if it does not, restart it (claims: ${r.health.leaderClaims.map((m) => nameOf(m)).join(', ')})`,
      where: 'the host of the stale leader',
    }),
  },
  {
    id: 'no-leader',
    title: 'No leader (election under way)',
    checks: ['leader'],
    evidence: (r) => [quorumLine(r.health), ...r.health.members.map((m) => memberLine(m))],
  },
  {
    id: 'read-only-mode',
    title: 'Member in read-only mode',
    checks: ['read-only'],
    manual: (r) => {
      const ro = members(r, (m) => m.condition === 'read-only');
      return {
        does: `Reconnect ${ro.map((m) => nameOf(m)).join(', ')} to the quorum`,
        how:
          'it is cut off from the other members (network partition, firewall on the quorum/election ports): ' +
          'check that it reaches the others on their quorum and election ports; it rejoins by itself once it does',
        where: ro.map((m) => `host ${m.snapshot.target.host}`).join(', ') || 'the read-only member',
      };
    },
  },
  {
    id: 'follower-not-synced',
    title: 'Synced followers below quorum size',
    checks: ['synced-followers'],
    evidence: (r) => {
      const metrics = r.health.leader?.snapshot.probe.monitor?.metrics;
      return metrics
        ? [
            `leader: synced_followers ${metrics['synced_followers'] ?? '?'}, learners ${metrics['learners'] ?? '?'}, pending_syncs ${metrics['pending_syncs'] ?? '?'}`,
          ]
        : [];
    },
  },
  {
    id: 'follower-lagging',
    title: 'Follower lagging',
    checks: ['zxid-lag'],
    evidence: (r) => r.health.members.filter((m) => (m.lag ?? 0) > 0).map((m) => memberLine(m)),
    manual: () => ({
      does: 'Find why the follower falls behind',
      how:
        'compare its fsync time and disk (mntr avg_fsynctime, `zkops health`), GC pauses in its log, and ' +
        'its network to the leader; restart it only if it stays behind (`zkops recover` then offers it)',
      where: "the lagging member's host",
    }),
  },
  {
    id: 'config-drift',
    title: 'Members disagree on the membership',
    checks: ['config-drift'],
    evidence: (r) => [...r.health.membership.differences],
    manual: () => ({
      does: "Make every member's server.N lines the same",
      how:
        'with dynamic reconfig, let `zkops reconfig` change the membership (it updates every member); otherwise ' +
        'edit zoo.cfg on the members that differ and restart them one at a time (`zkops rolling-restart`)',
      where: 'the members named in the evidence',
    }),
  },
  {
    id: 'even-voters',
    title: 'Even number of voters',
    checks: ['voter-count'],
    evidence: (r) => [
      `${r.health.voters} voters (majority ${r.health.majority}): an even count tolerates no more failures than one voter fewer`,
    ],
    manual: (r, ctx) => {
      const follower = r.health.members.find((m) => m.role === 'follower' && m.id !== null);
      return {
        does: 'Make the voter count odd',
        how:
          `add a voter with \`zkops reconfig ${ctx.connect} --add 'server.N=host:quorumPort:electionPort;clientPort' --auth super:<password>\`, ` +
          `or turn one into an observer with \`zkops reconfig ${ctx.connect} --observer ${follower?.id ?? 'N'} --auth super:<password>\` ` +
          '(dry run first with --dry-run)',
        where: 'any machine that reaches the ensemble',
      };
    },
  },
  {
    id: 'connections-high',
    title: 'Connections near maxClientCnxns',
    checks: ['connections-per-client', 'connections'],
    evidence: (r) => {
      const lines: string[] = [];
      for (const m of r.health.members) {
        const list = m.snapshot.connections?.connections ?? [];
        if (list.length === 0) continue;
        const byIp = new Map<string, number>();
        for (const c of list) {
          const ip = c.remoteAddress.slice(0, c.remoteAddress.lastIndexOf(':'));
          byIp.set(ip, (byIp.get(ip) ?? 0) + 1);
        }
        const top = [...byIp].sort((a, b) => b[1] - a[1]).slice(0, 5);
        lines.push(
          `${nameOf(m)}: maxClientCnxns ${confValue(m, 'maxClientCnxns') ?? m.snapshot.conf?.maxClientCnxns ?? '?'} per IP; ` +
            `top clients (cons): ${top.map(([ip, n]) => `${ip} ${n}`).join(', ')}`,
        );
      }
      return lines;
    },
    manual: () => ({
      does: 'Find the client that opens too many connections',
      how: 'the top IPs above are from cons: look for a client that opens a session per request or leaks them; raise maxClientCnxns only if the count is legitimate',
      where: 'the client hosts named in the evidence',
    }),
  },
  {
    id: 'watch-count-high',
    title: 'Watch count high',
    checks: ['watch-count'],
    manual: (r) => ({
      does: 'Find the paths with the most watches',
      how:
        `run \`echo wchp | nc ${r.health.members[0]?.snapshot.target.host ?? 'host'} ${r.health.members[0]?.snapshot.target.port ?? 'port'}\` ` +
        "(or the AdminServer's /commands/watches_by_path) on each member and look for paths watched by thousands of sessions " +
        '(a client setting a watch per read)',
      where: "a machine that reaches the members' client ports",
    }),
  },
  {
    id: 'fsync-slow',
    title: 'fsync slow',
    checks: ['fsync-time'],
    evidence: (r) =>
      r.health.members.flatMap((m) => {
        const dataDir = m.snapshot.conf?.dataDir ?? null;
        const logDir = m.snapshot.conf?.dataLogDir ?? null;
        if (!dataDir) return [];
        const same = !logDir || logDir === dataDir;
        return [
          `${nameOf(m)}: dataDir ${dataDir}, dataLogDir ${logDir ?? '(not set: same as dataDir)'}${same ? ': the transaction log shares the snapshot disk' : ''}`,
        ];
      }),
    manual: () => ({
      does: 'Give the transaction log a disk of its own',
      how:
        'set dataLogDir in zoo.cfg to a dedicated (SSD) disk on each member, move the version-2 log files ' +
        'there while the member is stopped, and restart the members one at a time (`zkops rolling-restart`)',
      where: "every member's host",
    }),
  },
  {
    id: 'fds-high',
    title: 'File descriptors near the limit',
    checks: ['file-descriptors'],
    manual: () => ({
      does: 'Raise the open-file limit or find the leak',
      how:
        'raise LimitNOFILE (systemd) or ulimit -n for the ZooKeeper user, then restart the members one at a ' +
        'time; if the count keeps growing, look for clients leaking connections (`zkops recover` on connections)',
      where: 'the members named in the evidence',
    }),
  },
  {
    id: 'leader-changed',
    title: 'Leader changed (election)',
    checks: ['leader-elections'],
    manual: () => ({
      does: 'Find why leadership moves',
      how:
        "look in the former leaders' logs for GC pauses, disk stalls and lost followers (syncLimit, tickTime); " +
        'a leader that keeps losing its followers is often on a slow disk or a saturated network',
      where: 'the members that led recently',
    }),
  },
];

/** The check-based runbooks that apply to `report`, in priority order. */
export function applicableCheckRunbooks(report: HealthReport): string[] {
  return CHECK_RUNBOOKS.filter((rb) => failing(report, rb).length > 0).map((rb) => rb.id);
}

function failing(report: HealthReport, rb: CheckRunbook): CheckResult[] {
  return report.checks.filter((c) => rb.checks.includes(c.id) && c.status !== 'pass');
}

export const CHECK_RUNBOOK_IDS: readonly string[] = CHECK_RUNBOOKS.map((rb) => rb.id);

export function planCheckRunbook(id: string, report: HealthReport, ctx: PlanContext): PlannedRunbook | null {
  const rb = CHECK_RUNBOOKS.find((x) => x.id === id);
  if (!rb) return null;
  const seen = failing(report, rb);
  const steps: Step[] = [
    {
      kind: 'diagnose',
      id: 'diagnose',
      title: rb.title,
      async run() {
        const evidence = [...seen.map((c) => `${c.title} (${c.id}): ${c.evidence}`), ...(rb.evidence?.(report, ctx) ?? [])];
        if (seen.length === 0) return { ok: false, resolved: true, summary: 'the checks pass: nothing to do', evidence };
        return { ok: true, summary: seen.map((c) => c.advice).join(' '), evidence };
      },
    },
  ];
  const manual = rb.manual?.(report, ctx);
  if (manual) {
    steps.push({
      kind: 'act',
      id: 'by-hand',
      title: manual.does,
      plan: {
        does: manual.does,
        manual: manual.how,
        where: manual.where,
        tolerance: `Fault tolerance meanwhile: ${report.health.quorum ? `the ensemble can lose ${report.health.canLose} more` : 'none, no quorum'}.`,
      },
      async run() {
        return { ok: true, summary: `left to you: ${manual.how}` };
      },
    });
  }
  steps.push({
    kind: 'verify',
    id: 'checks-pass',
    title: `${rb.checks.join(', ')} pass`,
    expect: `the health checks ${rb.checks.join(', ')} pass`,
    timeoutMs: ctx.verifyTimeoutMs,
    check(now) {
      const still = failing(now, rb);
      return still.length === 0
        ? { ok: true, summary: `${rb.checks.join(', ')} pass` }
        : { ok: false, stillWrong: still.map((c) => `${c.id}: ${c.evidence}`) };
    },
  });
  return { id: rb.id, title: rb.title, reason: seen.map((c) => `${c.title}: ${c.evidence}`).join(' ') || 'the checks pass now', steps };
}
