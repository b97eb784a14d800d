import { Parsed, unparseable } from '../outcome';
import { hexIdOf, jsonBoolean, jsonNumber, jsonString } from './values';

/** AdminServer `leader` (no 4lw equivalent): who this member believes leads. */
export interface LeaderInfo {
  readonly isLeader: boolean;
  readonly leaderId: number | null;
  readonly leaderIp: string | null;
}

/** AdminServer `zabstate` (3.7+): the member's Zab phase, voting right and exact last zxid. */
export interface ZabState {
  readonly myId: number | null;
  readonly isLeader: boolean | null;
  /** False for a member removed by reconfig that still runs, or one without quorum. */
  readonly voting: boolean | null;
  readonly lastZxid: string | null;
  /** `broadcast`, `synchronization`, …; empty without quorum. */
  readonly zabState: string | null;
  readonly clientAddress: string | null;
}

/** Maps AdminServer `leader`. */
export function leaderFromAdmin(json: Record<string, unknown>): Parsed<LeaderInfo> {
  const isLeader = jsonBoolean(json['is_leader']);
  if (isLeader === null) return unparseable('AdminServer leader reply has no is_leader flag');
  return { status: 'ok', value: { isLeader, leaderId: jsonNumber(json['leader_id']), leaderIp: jsonString(json['leader_ip']) } };
}

/** Maps AdminServer `zabstate`. */
export function zabStateFromAdmin(json: Record<string, unknown>): Parsed<ZabState> {
  const voting = jsonBoolean(json['voting']);
  const zabState = jsonString(json['zabstate']);
  if (voting === null && zabState === null) return unparseable('AdminServer zabstate reply has neither voting nor zabstate');
  return {
    status: 'ok',
    value: {
      myId: jsonNumber(json['myid']),
      isLeader: jsonBoolean(json['is_leader']),
      voting,
      lastZxid: hexIdOf(json['last_zxid']),
      zabState,
      clientAddress: jsonString(json['client_address']),
    },
  };
}
