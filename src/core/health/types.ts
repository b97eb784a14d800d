import { MemberProbe } from '../ensemble/memberProbe';
import { ConfMember, ServerConf } from '../ensemble/parsers/conf';
import { ConnectionList } from '../ensemble/parsers/cons';
import { Latency } from '../ensemble/parsers/srvr';

/*
 * The vocabulary of ensemble health, shared by the model, the checks, the report, the poller, the
 * CLI and the UI. Everything here is plain data (JSON-serialisable), so recorded snapshots can be
 * replayed through the model in unit tests.
 */

/** Where a member's view of the membership came from. */
export type MembershipSource = 'conf' | 'zookeeper-config' | 'voting-view';

/** One member's (or /zookeeper/config's) list of ensemble members. */
export interface MembershipView {
  readonly source: MembershipSource;
  /** Address of the member that reported it; null for /zookeeper/config read over a session. */
  readonly reporter: string | null;
  /** The dynamic config version (`version=` hex), when reported. */
  readonly version: string | null;
  readonly members: readonly ConfMember[];
}

/** A member the poller probes: from the connect string or discovered in the membership. */
export interface MemberTarget {
  /** `host:port` (client port), the member's key everywhere. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** AdminServer port: a number, null (never ask) or undefined (the probe's default guess). */
  readonly adminPort?: number | null;
  /** True when the user listed it; discovered members may be dropped when reconfig removes them. */
  readonly fromConnectString: boolean;
}

/** What one probe round learned about one member. */
export interface MemberSnapshot {
  readonly target: MemberTarget;
  readonly probe: MemberProbe;
  /** When this member's probe finished (epoch ms); members of one snapshot may differ a little. */
  readonly probedAt: number;
  /** `conf` (4lw) or AdminServer `configuration`, when fetched this round. */
  readonly conf: ServerConf | null;
  /** The member's membership view (conf's membership section or AdminServer voting_view). */
  readonly membership: MembershipView | null;
  /** `cons` (or AdminServer connections), fetched by the health check only. */
  readonly connections: ConnectionList | null;
  /** Why conf/membership/cons could not be fetched, when asked for. */
  readonly notes: readonly string[];
}

export interface EnsembleSnapshot {
  readonly connectString: string;
  /** ISO time the round started. */
  readonly takenAt: string;
  readonly elapsedMs: number;
  readonly members: readonly MemberSnapshot[];
  /** /zookeeper/config read over a ZooKeeper session, when available. */
  readonly dynamicConfig: MembershipView | null;
  readonly dynamicConfigNote: string | null;
  /**
   * Server-side rates from the metric store (per member address, per mntr key, per second), when
   * a poller has them; checks then judge rates over the last interval instead of since start.
   */
  readonly rates?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The per-member condition. `unknown` is never treated as healthy. */
export type MemberCondition = 'up' | 'down' | 'hung' | 'not-serving' | 'read-only' | 'unknown';

export type MemberRole = 'leader' | 'follower' | 'observer' | 'standalone';

export interface MemberHealth {
  readonly address: string;
  /** myid, from conf/AdminServer or matched through the membership; null when unknown. */
  readonly id: number | null;
  readonly role: MemberRole | null;
  readonly condition: MemberCondition;
  /** From the membership (participant/observer), else from the role; null when unknown. */
  readonly voting: boolean | null;
  readonly fromConnectString: boolean;
  /** Whether the agreed membership lists it; null when it could not be matched. */
  readonly inMembership: boolean | null;
  readonly zxid: string | null;
  /** Transactions behind the leader; null when unknown (no leader, no zxid, not serving). */
  readonly lag: number | null;
  /** Its last zxid is from an epoch before the leader's (normal right after an election). */
  readonly olderEpoch: boolean;
  readonly latency: Latency | null;
  readonly outstanding: number | null;
  readonly connections: number | null;
  readonly openFileDescriptors: number | null;
  readonly maxFileDescriptors: number | null;
  readonly version: string | null;
  /** Where its metrics came from: mntr over 4lw, AdminServer monitor, or nowhere. */
  readonly metricsSource: '4lw' | 'admin' | null;
  readonly reason: string | null;
  readonly snapshot: MemberSnapshot;
}

/** How the members' membership views compare. */
export interface MembershipAgreement {
  /** Distinct views by content; more than one is config drift. */
  readonly views: readonly MembershipView[];
  readonly drift: boolean;
  /** Human-readable differences, e.g. "127.0.0.1:2181 lists server.4; /zookeeper/config does not". */
  readonly differences: readonly string[];
  /** The membership the model uses (the leader's, else the newest version, else the commonest). */
  readonly agreed: MembershipView | null;
}

export interface EnsembleHealth {
  readonly connectString: string;
  readonly takenAt: string;
  readonly elapsedMs: number;
  readonly members: readonly MemberHealth[];
  /** The single answering member that leads (or the standalone server); null otherwise. */
  readonly leader: MemberHealth | null;
  /** Every answering member that says it leads; two or more is split brain. */
  readonly leaderClaims: readonly MemberHealth[];
  readonly splitBrain: boolean;
  readonly standalone: boolean;
  /** Voting members the ensemble is configured with. */
  readonly voters: number;
  /** Where `voters` came from. */
  readonly votersSource: 'membership' | 'leader-mntr' | 'connect-string';
  /** Voting members serving now (leader and followers). */
  readonly servingVoters: number;
  /** Votes needed for a quorum: a strict majority of `voters`. */
  readonly majority: number;
  /** A leader answers and a majority of voters serve. */
  readonly quorum: boolean;
  /** How many more voters may fail before quorum is lost (0 when none may; 0 without quorum). */
  readonly canLose: number;
  /** Distinct server versions among answering members. */
  readonly versions: readonly string[];
  readonly membership: MembershipAgreement;
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable kebab-case id, part of the `--json` contract. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was seen, with numbers. */
  readonly evidence: string;
  /** What to do about it (for a pass: what keeps it so, or "nothing to do"). */
  readonly advice: string;
  /**
   * Set when a value is over its limit but cannot be judged yet (a since-start average of a server
   * up under 10 minutes): the status stays `pass` (nothing to alarm about), but no view may show it
   * as a pass. Absent otherwise.
   */
  readonly notJudged?: true;
}
