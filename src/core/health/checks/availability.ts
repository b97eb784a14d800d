import { memberName } from '../model';
import { MemberCondition, MemberHealth } from '../types';
import { ACCESS_ADVICE, HealthCheck, fail, names, pass, warn } from './check';

const withCondition = (members: readonly MemberHealth[], condition: MemberCondition): MemberHealth[] =>
  members.filter((m) => m.condition === condition);

const reasons = (members: readonly MemberHealth[]): string => members.map((m) => `${memberName(m)}: ${m.reason ?? m.condition}`).join('; ');

export const quorumCheck: HealthCheck = {
  id: 'quorum',
  title: 'Quorum',
  run({ health: h }) {
    if (h.standalone) return pass('Standalone server: serves without a quorum.');
    const figures = `${h.servingVoters} of ${h.voters} voting members serve; a quorum needs ${h.majority}`;
    if (h.quorum) return pass(`${figures}.`);
    const why = h.leader ? '' : h.splitBrain ? ' Two members claim to lead.' : ' No answering member leads.';
    return fail(
      `No quorum: ${figures}.${why}`,
      'Clients cannot write, and most cannot read, until a majority of voting members serves with a leader. Start ' +
        'the stopped members, resume hung ones, and check the quorum and election ports between members (firewalls, ' +
        'DNS). Do not wipe data dirs to "fix" this.',
    );
  },
};

export const leaderCheck: HealthCheck = {
  id: 'leader',
  title: 'Leader',
  run({ health: h }) {
    if (h.leader) return pass(h.standalone ? `${memberName(h.leader)} runs standalone.` : `${memberName(h.leader)} leads.`);
    if (h.splitBrain)
      return fail(`${h.leaderClaims.length} members claim to lead: ${names(h.leaderClaims)}.`, 'See the split-brain check.');
    const hung = withCondition(h.members, 'hung');
    const hint =
      hung.length > 0
        ? ` Hung: ${names(hung)} — a hung leader keeps its followers waiting until they give up on it (syncLimit x tickTime, ~10 s by default).`
        : '';
    return fail(
      `No answering member says it leads.${hint}`,
      'Without a leader nothing can be written. If members are up but "not serving", an election is under way or ' +
        'impossible: check that a majority of voters run and can reach each other on the election port. If the leader ' +
        'is hung, resume or restart it.',
    );
  },
};

export const splitBrainCheck: HealthCheck = {
  id: 'split-brain',
  title: 'Single leader (no split brain)',
  run({ health: h }) {
    if (!h.splitBrain)
      return pass(h.leaderClaims.length === 1 ? 'Exactly one member claims to lead.' : 'No member claims to lead (see the leader check).');
    const detail = h.leaderClaims.map((m) => `${memberName(m)} zxid ${m.zxid ?? '?'}`).join(', ');
    return fail(
      `${h.leaderClaims.length} members report Mode: leader at once: ${detail}.`,
      'Briefly normal (~150 ms) when a paused leader resumes; if it lasts, the member with the older epoch (high 32 ' +
        'bits of its zxid) is stale: restart it. Check for duplicate myid files and for members started with ' +
        'different server lists (see config drift).',
    );
  },
};

export const membersUpCheck: HealthCheck = {
  id: 'members-reachable',
  title: 'Members reachable',
  run({ health: h }) {
    const down = withCondition(h.members, 'down');
    if (down.length === 0) return pass(`All ${h.members.length} probed members accept connections.`);
    return warn(
      `${h.members.length - down.length} of ${h.members.length} members reachable. Down: ${reasons(down)}.`,
      'Start the member (or fix its host/network). While quorum holds clients fail over, but the ensemble tolerates fewer further failures.',
    );
  },
};

export const hungCheck: HealthCheck = {
  id: 'hung-members',
  title: 'Hung members',
  run({ health: h }) {
    const hung = withCondition(h.members, 'hung');
    if (hung.length === 0) return pass('Every reachable member answered within its timeout.');
    return warn(
      `${names(hung)} accepted the connection but did not answer in time. ZooKeeper itself needs ~9-12 s to drop a hung follower, and clients connected to it hang.`,
      'Look at the process: stopped (SIGSTOP, debugger), a long GC pause (GC log), swapping, or a stalled disk. Resume it (kill -CONT) or restart it.',
    );
  },
};

export const notServingCheck: HealthCheck = {
  id: 'not-serving',
  title: 'Members serving',
  run({ health: h }) {
    const idle = withCondition(h.members, 'not-serving');
    if (idle.length === 0) return pass('No answering member reports "not currently serving requests".');
    return warn(
      `${names(idle)} run but do not serve: no quorum from where they stand (electing, or cut off).`,
      'A member that is up but not serving cannot reach a majority: check the quorum/election ports, its server list, and that the other voters run.',
    );
  },
};

export const readOnlyCheck: HealthCheck = {
  id: 'read-only',
  title: 'Read-only members',
  run({ health: h }) {
    const ro = withCondition(h.members, 'read-only');
    if (ro.length === 0) return pass('No member serves in read-only mode.');
    return warn(
      `${names(ro)} serve reads only: cut off from the quorum (readonlymode.enabled).`,
      'Restore its connectivity to the other voters; clients on it cannot write.',
    );
  },
};

export const toleranceCheck: HealthCheck = {
  id: 'fault-tolerance',
  title: 'Failures tolerated',
  run({ health: h }) {
    if (h.standalone)
      return warn(
        'Standalone server: a single failure stops the service.',
        'Fine for development; run 3 or 5 voting members in production.',
      );
    if (!h.quorum) return fail('Quorum is already lost.', 'See the quorum check.');
    if (h.canLose === 0) {
      return warn(
        `${h.servingVoters} of ${h.voters} voters serve with a majority of ${h.majority}: one more voter failure loses quorum.`,
        'Bring the missing voters back before any maintenance; do not restart another member until then.',
      );
    }
    return pass(
      `Can lose ${h.canLose} more voter${h.canLose === 1 ? '' : 's'} (${h.servingVoters} of ${h.voters} serve, quorum ${h.majority}).`,
    );
  },
};

export const unknownCheck: HealthCheck = {
  id: 'state-known',
  title: 'Member state known',
  run({ health: h }) {
    const unknown = withCondition(h.members, 'unknown');
    if (unknown.length === 0) return pass("Every member's state is known.");
    return warn(`State unknown for ${reasons(unknown)}. Unknown is never counted as healthy.`, ACCESS_ADVICE);
  },
};

export const availabilityChecks: readonly HealthCheck[] = [
  quorumCheck,
  leaderCheck,
  splitBrainCheck,
  membersUpCheck,
  hungCheck,
  notServingCheck,
  readOnlyCheck,
  toleranceCheck,
  unknownCheck,
];
