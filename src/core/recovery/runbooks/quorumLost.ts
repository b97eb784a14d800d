import type { HealthReport } from '../../health/report';
import { stateWord } from '../../health/summary';
import type { MemberHealth } from '../../health/types';
import { parseZxid } from '../../health/zxid';
import { memberLine, nameOf, quorumLine } from '../ensembleState';
import { allHealthyVerify, backVerify, memberAct } from '../memberSteps';
import { EnsembleMemory, persistentZnodesOf } from '../memory';
import type { PlannedRunbook, Step, VerifyStep } from '../types';
import type { PlanContext } from './context';

/*
 * Quorum lost: fewer voters run than a majority. Members that are down (or hung) are brought back
 * one at a time, the one that last held the highest zxid first, until a leader has quorum; then
 * `/` is backed up before the members with older data join; at the end a leader, every member up,
 * and at least the persistent znodes counted before the loss. No step touches a dataDir.
 */

const running = (m: MemberHealth): boolean => m.condition === 'up' || m.condition === 'not-serving' || m.condition === 'read-only';

/** Whether the report shows a lost quorum this runbook can act on. */
export function quorumLost(report: HealthReport): boolean {
  const h = report.health;
  if (h.quorum || h.splitBrain || h.standalone) return false;
  const runningVoters = h.members.filter((m) => m.voting !== false && running(m)).length;
  return runningVoters < h.majority && h.members.some((m) => m.condition === 'down' || m.condition === 'hung');
}

function zxidOrder(a: string | null, b: string | null): number {
  const x = parseZxid(a);
  const y = parseZxid(b);
  if (x && y) return y.epoch - x.epoch || y.counter - x.counter;
  return x ? -1 : y ? 1 : 0;
}

/** Down and hung voters, the highest last-known zxid first (unknown last, then by id). */
export function startOrder(report: HealthReport, memory?: EnsembleMemory): MemberHealth[] {
  const lost = report.health.members.filter((m) => m.condition === 'down' || m.condition === 'hung');
  const last = (m: MemberHealth): string | null => memory?.member(m.address)?.zxid ?? null;
  return lost.sort((a, b) => zxidOrder(last(a), last(b)) || (memory?.idOf(a) ?? 0) - (memory?.idOf(b) ?? 0));
}

export function planQuorumLost(report: HealthReport, ctx: PlanContext): PlannedRunbook | null {
  if (!quorumLost(report)) return null;
  const h = report.health;
  const { memory } = ctx;
  const order = startOrder(report, memory);
  const runningVoters = h.members.filter((m) => m.voting !== false && running(m)).length;
  const before = memory?.persistentZnodes ?? null;
  const zxidOf = (m: MemberHealth): string => memory?.member(m.address)?.zxid ?? 'unknown';
  const steps: Step[] = [
    {
      kind: 'diagnose',
      id: 'diagnose',
      title: 'Which members are lost, and their last zxid',
      async run() {
        const evidence = [quorumLine(h), ...h.members.map((m) => memberLine(m, memory))];
        for (const m of order) {
          const r = memory?.member(m.address);
          evidence.push(
            `${nameOf(m, memory)} is ${stateWord(m)}; last seen serving ${r?.upAt ?? 'never (no memory of it)'} with zxid ${zxidOf(m)}`,
          );
        }
        evidence.push(
          before
            ? `persistent znodes before the loss: ${before.count} (seen ${before.at})`
            : 'persistent znodes before the loss: unknown (no earlier reading)',
        );
        evidence.push(`start order (highest last zxid first): ${order.map((m) => `${nameOf(m, memory)} (${zxidOf(m)})`).join(', ')}`);
        evidence.push('no step deletes, moves or resets a dataDir; a member that fails to start is left for you to inspect');
        if (order.some((m) => zxidOf(m) === 'unknown'))
          evidence.push(
            "members with an unknown last zxid go last: check the newest log.* file in each one's dataDir/version-2 if the order matters to you",
          );
        return {
          ok: true,
          summary: `no quorum: ${runningVoters} of ${h.voters} voters run, ${h.majority} needed; ${order.length} to bring back`,
          evidence,
        };
      },
    },
  ];
  // The member whose start makes a majority: quorum is verified after it, then `/` is backed up
  // before the first member with older data joins.
  let alive = runningVoters;
  const quorumAt = order.findIndex((m) => (m.voting !== false ? ++alive : alive) >= h.majority);
  alive = runningVoters;
  order.forEach((m, i) => {
    const action = m.condition === 'hung' ? 'restart' : 'start';
    if (m.voting !== false) alive++;
    const quorumBack = quorumAt >= 0 && i > quorumAt;
    steps.push(
      memberAct({
        id: `${action}-${i + 1}`,
        action,
        member: m,
        control: ctx.control,
        memory,
        does: `${action === 'start' ? 'Start' : 'Restart'} member ${nameOf(m, memory)} (last zxid ${zxidOf(m)}) with its own config and data`,
        tolerance: quorumBack
          ? 'Fault tolerance: the ensemble has quorum again; this member adds to it.'
          : `Fault tolerance: none until a majority runs (${alive} of ${h.voters} voters after this, ${h.majority} needed).`,
        losesData: i === quorumAt + 1 && quorumAt >= 0,
      }),
    );
    if (i === quorumAt) steps.push(quorumVerify(`quorum-${i + 1}`, ctx.verifyTimeoutMs, memory));
    else if (quorumBack)
      steps.push(
        backVerify({
          id: `back-${i + 1}`,
          member: m,
          roles: m.voting === false ? ['observer'] : ['follower', 'leader'],
          timeoutMs: ctx.verifyTimeoutMs,
          memory,
        }),
      );
  });
  steps.push(
    allHealthyVerify('healthy', ctx.verifyTimeoutMs, memory, (now) => {
      const count = persistentZnodesOf(now);
      if (!before) return [];
      if (count === null) return ['the persistent znode count is not known yet'];
      return count < before.count
        ? [`${count} persistent znodes, ${before.count} before the loss (if clients deleted some since ${before.at}, that is expected)`]
        : [];
    }),
  );
  return {
    id: 'quorum-lost',
    title: 'Quorum lost',
    reason: `${order.map((m) => nameOf(m, memory)).join(', ')} lost: ${runningVoters} of ${h.voters} voters run, ${h.majority} needed`,
    steps,
  };
}

function quorumVerify(id: string, timeoutMs: number, memory?: EnsembleMemory): VerifyStep {
  return {
    kind: 'verify',
    id,
    title: 'A leader with quorum again',
    expect: 'a single leader and a majority of voters serving',
    timeoutMs,
    check(report) {
      const h = report.health;
      if (h.quorum && h.leader && !h.splitBrain) return { ok: true, summary: quorumLine(h) };
      return { ok: false, stillWrong: [quorumLine(h), ...h.members.filter((m) => m.condition !== 'up').map((m) => memberLine(m, memory))] };
    },
  };
}
