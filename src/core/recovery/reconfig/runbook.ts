import type { HealthReport } from '../../health/report';
import { quorumLine } from '../ensembleState';
import type { PlannedRunbook } from '../types';
import type { ApplyOutcome, CurrentConfig } from './apply';
import { ReconfigPlan, describePlan } from './plan';

/*
 * A reconfig plan as a runbook, so the editor runs it like every other: the dry run is the
 * diagnose step's evidence, the change one act step (consent first; a backup of / first when a
 * member leaves), then a verify step that reads the config again. The rules that refuse a change
 * become the runbook's refusal: nothing runs.
 */

export interface ReconfigRunbookDeps {
  /** Sends the change conditional on the plan's version (applyReconfig on a session). */
  apply(): Promise<ApplyOutcome>;
  /** Reads /zookeeper/config again (readConfig on the same session). */
  readConfig(): Promise<CurrentConfig>;
  /** The health report the plan was made on: the fault tolerance while the change commits. */
  readonly report: HealthReport;
  readonly verifyTimeoutMs: number;
  /** Who the change is sent as (a user name, never its password). */
  readonly user: string;
}

const sameMembers = (a: CurrentConfig['members'], b: ReconfigPlan['members']): boolean =>
  a.length === b.length && a.every((m) => b.some((x) => x.id === m.id && x.spec === m.spec));

/** `joining server.4=…; leaving 3` */
export function changeWords(plan: ReconfigPlan): string {
  return [
    ...(plan.joining.length ? [`joining ${plan.joining.join(', ')}`] : []),
    ...(plan.leaving.length ? [`leaving ${plan.leaving.join(', ')}`] : []),
  ].join('; ');
}

export function planReconfigRunbook(plan: ReconfigPlan, deps: ReconfigRunbookDeps): PlannedRunbook {
  const h = deps.report.health;
  const words = changeWords(plan);
  const after = plan.faultTolerance < 0 ? 'NONE (no quorum)' : `${plan.faultTolerance}`;
  return {
    id: 'reconfig',
    title: 'Reconfigure the ensemble',
    reason: `${words} (config version 0x${plan.version})`,
    ...(plan.refusal ? { refusal: plan.refusal } : {}),
    steps: [
      {
        kind: 'diagnose',
        id: 'dry-run',
        title: 'Dry run: the new membership',
        async run() {
          return {
            ok: true,
            summary: `${plan.voters} voters, quorum size ${plan.quorumSize}, fault tolerance ${after}`,
            evidence: [...describePlan(plan), `now: ${quorumLine(h)}`],
          };
        },
      },
      {
        kind: 'act',
        id: 'apply',
        title: `Reconfigure: ${words}`,
        plan: {
          does: `Change the membership (${words}), conditional on config version 0x${plan.version}`,
          command: `reconfig ${[...plan.joining.map((j) => `-add ${j}`), ...plan.leaving.map((id) => `-remove ${id}`)].join(' ')} -v 0x${plan.version}`,
          where: `the ensemble, through a ZooKeeper session as ${deps.user}`,
          tolerance:
            `Fault tolerance: now ${h.quorum ? `the ensemble can lose ${h.canLose}` : 'none (no quorum)'}; ` +
            `after the change ${after} (${plan.voters} voters, quorum size ${plan.quorumSize}).` +
            (plan.warnings.length ? ` Note: ${plan.warnings.join('; ')}.` : ''),
          ...(plan.leaving.length > 0 ? { losesData: true } : {}),
        },
        guard: (now) => (now.health.quorum ? null : `no quorum now (${quorumLine(now.health)})`),
        async run() {
          const outcome = await deps.apply();
          if (outcome.status === 'applied')
            return {
              ok: true,
              summary: `applied: config version 0x${plan.version} → 0x${outcome.version.replace(/^0x/i, '')}${outcome.note ? ` (${outcome.note})` : ''}`,
            };
          return { ok: false, summary: `${outcome.status === 'not-applied' ? 'not applied' : 'outcome unknown'}: ${outcome.reason}` };
        },
      },
      {
        kind: 'verify',
        id: 'config',
        title: 'The new membership is the config, with a leader and quorum',
        expect: `/zookeeper/config lists the new membership (${words}) and a leader has quorum`,
        timeoutMs: deps.verifyTimeoutMs,
        async check(report) {
          const config = await deps.readConfig();
          const wrong: string[] = [];
          if (!sameMembers(config.members, plan.members))
            wrong.push(`/zookeeper/config (version 0x${config.version}) lists ${config.members.map((m) => m.id).join(', ')}`);
          if (!report.health.quorum) wrong.push(quorumLine(report.health));
          return wrong.length
            ? { ok: false, stillWrong: wrong }
            : {
                ok: true,
                summary: `config version 0x${config.version}: ${config.members.map((m) => `server.${m.id}`).join(', ')}; ${quorumLine(report.health)}`,
              };
        },
      },
    ],
  };
}
