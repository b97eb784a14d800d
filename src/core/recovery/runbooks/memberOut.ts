import { memberName } from '../../health/model';
import type { HealthReport } from '../../health/report';
import type { MemberHealth, MemberRole } from '../../health/types';
import { findMember, memberLine, nameOf, quorumLine, toleranceWhile } from '../ensembleState';
import { allHealthyVerify, backVerify, memberAct } from '../memberSteps';
import type { EnsembleMemory } from '../memory';
import type { PlannedRunbook, Step } from '../types';
import type { PlanContext } from './context';

/*
 * Member down (nothing listens on its port) and member hung (accepts connections, answers
 * nothing: stopped, swapping, in a long GC pause). Both while the ensemble keeps quorum; without
 * it the quorum-lost runbook applies. Down members are started, hung ones restarted, one at a time,
 * each waited for until it serves and is synced.
 */

function rememberedLine(m: MemberHealth, memory?: EnsembleMemory): string | null {
  const r = memory?.member(m.address);
  if (!r?.upAt) return null;
  return `${nameOf(m, memory)} was last seen serving at ${r.upAt} as ${r.role ?? '?'} with zxid ${r.zxid ?? '?'}`;
}

function rolesAfter(m: MemberHealth, memory?: EnsembleMemory): MemberRole[] {
  const was = memory?.member(m.address)?.role ?? null;
  return was === 'observer' || m.voting === false ? ['observer'] : ['follower', 'leader'];
}

export function planMemberOut(report: HealthReport, kind: 'down' | 'hung', ctx: PlanContext): PlannedRunbook | null {
  const h = report.health;
  const out = h.members.filter((m) => m.condition === kind);
  if (out.length === 0) return null;
  const { memory } = ctx;
  const names = out.map((m) => nameOf(m, memory)).join(', ');
  const action = kind === 'down' ? 'start' : 'restart';
  const steps: Step[] = [
    {
      kind: 'diagnose',
      id: 'diagnose',
      title: kind === 'down' ? `Member ${names} down` : `Member ${names} hung`,
      async run(stepCtx) {
        const evidence = [quorumLine(h), ...h.members.map((m) => memberLine(m, memory))];
        for (const m of out) {
          const line = rememberedLine(m, memory);
          if (line) evidence.push(line);
        }
        const synced = h.leader?.snapshot.probe.monitor?.metrics['synced_followers'];
        if (synced !== undefined) evidence.push(`the leader ${memberName(h.leader!)} counts ${synced} synced followers`);
        if (kind === 'hung') {
          // One timed-out probe is weak evidence on a busy machine: look again before proposing a restart.
          const again = await stepCtx.observe();
          const still = out.filter((m) => findMember(again, m.address)?.condition === 'hung');
          evidence.push(
            `probed again: ${still.length === out.length ? 'still hung' : `${out.length - still.length} of ${out.length} answer now`}`,
          );
          if (still.length === 0) return { ok: false, resolved: true, summary: `${names} answer again: nothing to do`, evidence };
          return {
            ok: true,
            summary: `${names} accept connections but answer nothing (hung: stopped, swapping or in a long GC pause); it counts as lost: restart proposed`,
            evidence,
          };
        }
        return { ok: true, summary: `${names} refuse connections (process not running); start proposed`, evidence };
      },
    },
  ];
  out.forEach((m, i) => {
    steps.push(
      memberAct({
        id: `${action}-${i + 1}`,
        action,
        member: m,
        control: ctx.control,
        memory,
        does: `${action === 'start' ? 'Start' : 'Restart'} member ${nameOf(m, memory)} with its own config and data (its dataDir is kept)`,
        tolerance: toleranceWhile(h, [], `${nameOf(m, memory)} ${action === 'start' ? 'starts' : 'restarts'} (it counts as lost already)`),
        guard: (now) => {
          const seen = findMember(now, m.address);
          return seen && seen.condition === 'up' ? `${nameOf(m, memory)} serves again: nothing to do` : null;
        },
      }),
      backVerify({ id: `back-${i + 1}`, member: m, roles: rolesAfter(m, memory), timeoutMs: ctx.verifyTimeoutMs, memory }),
    );
  });
  steps.push(allHealthyVerify('healthy', ctx.verifyTimeoutMs, memory));
  return {
    id: kind === 'down' ? 'member-down' : 'member-hung',
    title: kind === 'down' ? 'Member down' : 'Member hung',
    reason: `${names} ${kind === 'down' ? 'is down' : 'is hung'} (${quorumLine(h)})`,
    ...(!h.quorum ? { refusal: 'the ensemble has no quorum: the quorum-lost runbook applies' } : {}),
    steps,
  };
}
