import type { HealthReport } from '../health/report';
import { stateWord } from '../health/summary';
import type { MemberHealth, MemberRole } from '../health/types';
import { ControlTemplateError, MemberAction, MemberControl, describeOutcome } from './control';
import { backAndSynced, nameOf, othersLost, quorumLine, targetOf } from './ensembleState';
import type { EnsembleMemory } from './memory';
import type { ActStep, VerifyStep } from './types';

/*
 * Step builders the member runbooks share: act on one member through the control (or tell the
 * user what to run), then wait for it to be back and synced.
 */

const VERB: Record<MemberAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

/** The manual instruction for a member when no control is configured (or it cannot act). */
export function manualInstruction(action: MemberAction, m: MemberHealth, memory?: EnsembleMemory): string {
  const id = memory ? memory.idOf(m) : m.id;
  const which = `the ZooKeeper server with myid ${id ?? '(unknown: see its dataDir/myid)'} and client port ${m.snapshot.target.port}`;
  const how = action === 'start' ? 'start' : action === 'stop' ? 'stop' : 'restart (stop, then start)';
  return `${how} ${which} with its own zoo.cfg and dataDir (never wipe the dataDir), e.g. \`systemctl ${action} zookeeper@${id ?? '<id>'}\` or \`zkServer.sh ${action}\``;
}

export interface MemberActOptions {
  readonly id: string;
  readonly action: MemberAction;
  readonly member: MemberHealth;
  readonly control: MemberControl | undefined;
  readonly memory?: EnsembleMemory;
  readonly tolerance: string;
  /** What changes, when the default ("Start member 2 …") is not enough. */
  readonly does?: string;
  readonly guard?: (report: HealthReport) => string | null;
  /** A backup of `/` is written before it runs. */
  readonly losesData?: boolean;
}

/**
 * One act step on one member: runs the control's command (its exit code decides), or, without a
 * usable control, states exactly what to run where and leaves it to the user.
 */
export function memberAct(o: MemberActOptions): ActStep {
  const name = nameOf(o.member, o.memory);
  const host = o.member.snapshot.target.host;
  let command: string | undefined;
  let why: string | undefined;
  if (o.control?.supports(o.action)) {
    try {
      command = o.control.command(o.action, targetOf(o.member, o.memory));
    } catch (err) {
      why = err instanceof ControlTemplateError ? err.message : String(err);
    }
  } else if (o.control) {
    why = `the control has no ${o.action} command`;
  }
  const manual = command ? undefined : manualInstruction(o.action, o.member, o.memory);
  return {
    kind: 'act',
    id: o.id,
    title: `${VERB[o.action]} member ${name}`,
    plan: {
      does: o.does ?? `${VERB[o.action]} member ${name}`,
      ...(command
        ? { command, where: 'this machine' }
        : { manual: `${manual}${why ? ` (not run for you: ${why})` : ''}`, where: `host ${host}` }),
      tolerance: o.tolerance,
      ...(o.losesData ? { losesData: true } : {}),
    },
    ...(o.guard ? { guard: o.guard } : {}),
    async run(ctx) {
      if (!command || !o.control) return { ok: true, summary: `left to you: ${manual}` };
      ctx.note(`running: ${command}`);
      const outcome = await o.control.run(o.action, targetOf(o.member, o.memory), ctx.signal);
      const detail = [`\`${command}\`: ${describeOutcome(outcome)}`];
      const ok = outcome.exitCode === 0;
      return {
        ok,
        summary: ok
          ? `${o.action} command succeeded (${describeOutcome(outcome)})`
          : `${o.action} command FAILED: ${describeOutcome(outcome)}`,
        detail,
      };
    },
  };
}

export interface BackVerifyOptions {
  readonly id: string;
  readonly member: MemberHealth;
  readonly roles: readonly MemberRole[];
  readonly timeoutMs: number;
  readonly memory?: EnsembleMemory;
  readonly syncedFollowers?: number;
  readonly syncedObservers?: number;
  /** Stop at once when another member goes down or hangs meanwhile (the margin dropped). */
  readonly stopIfOthersLost?: boolean;
}

/** Waits until the member serves in one of `roles` and is synced with the leader. */
export function backVerify(o: BackVerifyOptions): VerifyStep {
  const name = nameOf(o.member, o.memory);
  const address = o.member.address;
  const synced = o.syncedFollowers !== undefined ? `, the leader counting ${o.syncedFollowers} synced followers` : '';
  return {
    kind: 'verify',
    id: o.id,
    title: `Member ${name} back as ${o.roles.join(' or ')} and synced`,
    expect: `${name} serves as ${o.roles.join(' or ')} with its zxid caught up to the leader's${synced}`,
    timeoutMs: o.timeoutMs,
    async check(report) {
      if (o.stopIfOthersLost) {
        const lost = othersLost(report.health, address);
        if (lost.length > 0) {
          const names = lost.map((m) => `${nameOf(m, o.memory)} is ${stateWord(m)}`).join(', ');
          return { ok: false, fatal: `the margin dropped: ${names} while ${name} was out`, stillWrong: [quorumLine(report.health)] };
        }
      }
      const back = await backAndSynced(
        report,
        address,
        { roles: o.roles, syncedFollowers: o.syncedFollowers, syncedObservers: o.syncedObservers },
        o.memory,
      );
      return back.ok
        ? { ok: true, summary: `${back.lines.join('; ')}; ${quorumLine(report.health)}` }
        : { ok: false, stillWrong: back.lines };
    },
  };
}

/** Waits until every member serves, a leader has quorum, and nobody else claims to lead. */
export function allHealthyVerify(
  id: string,
  timeoutMs: number,
  memory?: EnsembleMemory,
  extra?: (report: HealthReport) => string[],
): VerifyStep {
  return {
    kind: 'verify',
    id,
    title: 'Every member serving, quorum held',
    expect: 'a single leader with quorum and every member up',
    timeoutMs,
    check(report) {
      const wrong = healthProblems(report, memory);
      wrong.push(...(extra?.(report) ?? []));
      return wrong.length === 0 ? { ok: true, summary: quorumLine(report.health) } : { ok: false, stillWrong: wrong };
    },
  };
}

/** What keeps an ensemble from being healthy for recovery: no leader/quorum, split brain, members not up. */
export function healthProblems(report: HealthReport, memory?: EnsembleMemory): string[] {
  const h = report.health;
  const wrong: string[] = [];
  if (h.splitBrain) wrong.push(`split brain: ${h.leaderClaims.map((m) => nameOf(m, memory)).join(', ')} all claim to lead`);
  else if (!h.leader || !h.quorum) wrong.push(quorumLine(h));
  for (const m of h.members)
    if (m.condition !== 'up') wrong.push(`${nameOf(m, memory)} is ${stateWord(m)}${m.reason ? ` (${m.reason})` : ''}`);
  return wrong;
}
