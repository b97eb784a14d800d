import { Outcome, TransportFailure, TransportFailureKind } from './outcome';
import { LeaderInfo } from './parsers/leader';
import { MonitorReport } from './parsers/mntr';
import { Latency, ServerRole, ServerStats } from './parsers/srvr';

/*
 * What probing one member yields: the vocabulary `zkops probe` prints and the health poller
 * consumes. The probing itself is in probe.ts.
 */

/** The one word the probe reports per member. */
export type MemberState = 'leader' | 'follower' | 'observer' | 'standalone' | 'not-serving' | 'hung' | 'down' | 'unknown';

export const MEMBER_STATES: readonly MemberState[] = [
  'leader',
  'follower',
  'observer',
  'standalone',
  'not-serving',
  'hung',
  'down',
  'unknown',
];

/** Where the state came from: a four-letter word, the AdminServer, only a TCP handshake, or nothing. */
export type ProbeSource = '4lw' | 'admin' | 'tcp' | 'none';

/** Machine-readable cause of a state other than a serving one. */
export type ProbeErrorKind = TransportFailureKind | 'not-serving' | 'read-only' | 'not-whitelisted' | 'unparseable' | 'command-error';

export interface MemberProbe {
  /** `host:port` (IPv6 in brackets), the member's key. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  readonly state: MemberState;
  /** True when the member gave an answer about itself: a serving state or not-serving. */
  readonly answered: boolean;
  readonly source: ProbeSource;
  /** Last processed zxid, `0x…` (srvr or AdminServer stats; mntr has none). */
  readonly zxid: string | null;
  readonly latencyMs: Latency | null;
  /** Client connections, excluding the probe's own four-letter-word connection. */
  readonly connections: number | null;
  /** Why the state is hung, down, unknown or not-serving; null for a serving member. */
  readonly reason: string | null;
  readonly errorKind: ProbeErrorKind | null;
  /** What could not be fetched and why (e.g. "mntr: not in the 4lw whitelist"). */
  readonly missing: readonly string[];
  /** The AdminServer port asked, or null when it was not asked. */
  readonly adminPort: number | null;
  readonly version: string | null;
  readonly elapsedMs: number;
  /** Milliseconds per request made, by name (`srvr`, `mntr`, `admin:stats`, …). */
  readonly timings: Readonly<Record<string, number>>;
  /** The parsed replies, for the health poller; null when not fetched or not usable. */
  readonly stats: ServerStats | null;
  readonly monitor: MonitorReport | null;
  readonly leader: LeaderInfo | null;
}

/** The states that count as an answer from the member (exit code 0 of `zkops probe`). */
export function isAnswered(state: MemberState): boolean {
  return state !== 'hung' && state !== 'down' && state !== 'unknown';
}

/** The states of a member that serves clients with a quorum (or alone, standalone). */
export function isServing(state: MemberState): boolean {
  return state === 'leader' || state === 'follower' || state === 'observer' || state === 'standalone';
}

/** The state a reported role means, with the reason when it is not a serving one. */
export function stateOfRole(
  role: ServerRole | null,
  modeText: string | null,
): { state: MemberState; reason: string | null; errorKind: ProbeErrorKind | null } {
  if (role === 'leader' || role === 'follower' || role === 'observer' || role === 'standalone')
    return { state: role, reason: null, errorKind: null };
  if (role === 'read-only')
    return {
      state: 'not-serving',
      reason: 'read-only mode: the member is cut off from the quorum and serves reads only',
      errorKind: 'read-only',
    };
  if (role === 'other') return { state: 'unknown', reason: `unrecognised mode "${modeText}"`, errorKind: 'unparseable' };
  return { state: 'unknown', reason: 'the reply has no mode (truncated?)', errorKind: 'unparseable' };
}

/** The state a transport failure of the first request means: down, hung, or unknown. */
export function failureState(failure: TransportFailure): { state: MemberState; reason: string } {
  switch (failure.kind) {
    case 'refused':
      return { state: 'down', reason: `connection refused: nothing listens (${failure.message})` };
    case 'unreachable':
      return { state: 'down', reason: `unreachable (${failure.message})` };
    case 'connect-timeout':
      return { state: 'down', reason: `no TCP connection in time: host down or traffic filtered (${failure.message})` };
    case 'timeout':
      return {
        state: 'hung',
        reason: `accepted the connection but did not answer: stopped, overloaded or in a long GC pause (${failure.message})`,
      };
    default:
      return { state: 'unknown', reason: failure.message };
  }
}

/** Why an outcome gave no value, in a few words. */
export function whyNot(outcome: Outcome<unknown>): string {
  switch (outcome.status) {
    case 'ok':
      return 'ok';
    case 'not-whitelisted':
      return 'not in the 4lw whitelist';
    case 'failed':
      return outcome.failure.message;
    default:
      return outcome.message;
  }
}
