/**
 * Typed ZooKeeper errors. Every failure that leaves src/core/zk is a ZkError whose `name` is
 * ZooKeeper's own name for the code (`NONODE`, `BADVERSION`, …) so callers can switch on it, and
 * whose message says what happened in words a user can act on.
 */

/** ZooKeeper 3.8's error codes (KeeperException.Code) by name. */
export const ZK_CODES = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
  EPHEMERALONLOCALSESSION: -120,
  NOWATCHER: -121,
  REQUESTTIMEOUT: -122,
  RECONFIGDISABLED: -123,
  SESSIONCLOSEDREQUIRESASLAUTH: -124,
  QUOTAEXCEEDED: -125,
  THROTTLEDOP: -127,
} as const;

export type ZkKnownName = keyof typeof ZK_CODES;

/**
 * ZooKeeper's names, `CANCELLED` for a call its caller aborted and `TLSERROR` for a connect that
 * cannot work with the client's TLS settings (ZooKeeper has no code for either), and
 * `UNKNOWN(<code>)` for a code this build does not know (a newer server).
 */
export type ZkErrorName = ZkKnownName | 'CANCELLED' | 'TLSERROR' | `UNKNOWN(${number})`;

const NAME_BY_CODE = new Map<number, ZkKnownName>(
  (Object.entries(ZK_CODES) as [ZkKnownName, number][]).map(([name, code]) => [code, name]),
);

/** What each code means, phrased for a person reading a notification. */
const MEANING: Partial<Record<ZkErrorName, string>> = {
  SYSTEMERROR: 'the server reported a system error',
  RUNTIMEINCONSISTENCY: 'the server found a runtime inconsistency',
  DATAINCONSISTENCY: 'the server found a data inconsistency',
  CONNECTIONLOSS: 'the connection to ZooKeeper was lost',
  MARSHALLINGERROR: 'the request or reply could not be encoded or decoded',
  UNIMPLEMENTED: 'the server does not implement this operation',
  OPERATIONTIMEOUT: 'no reply in time',
  BADARGUMENTS: 'invalid arguments',
  NEWCONFIGNOQUORUM: 'no quorum of the new configuration is connected and in sync',
  RECONFIGINPROGRESS: 'another reconfiguration is in progress',
  NONODE: 'the node does not exist',
  NOAUTH: 'not authorised (the node ACL does not grant this to your credentials)',
  BADVERSION: 'the version does not match (someone else changed the node)',
  NOCHILDRENFOREPHEMERALS: 'ephemeral nodes cannot have children',
  NODEEXISTS: 'the node already exists',
  NOTEMPTY: 'the node has children',
  SESSIONEXPIRED: 'the session expired',
  INVALIDACL: 'the ACL is invalid',
  AUTHFAILED: 'authentication failed',
  SESSIONMOVED: 'the session moved to another server',
  NOTREADONLY: 'a write was refused on a read-only connection',
  EPHEMERALONLOCALSESSION: 'ephemeral nodes need a global session',
  REQUESTTIMEOUT: 'the server did not complete the request in time',
  RECONFIGDISABLED: 'dynamic reconfiguration is disabled on the ensemble (reconfigEnabled=false)',
  SESSIONCLOSEDREQUIRESASLAUTH: 'the server requires SASL authentication',
  QUOTAEXCEEDED: 'a hard quota on this path would be exceeded',
  THROTTLEDOP: 'the request was throttled and not executed',
  CANCELLED: 'cancelled',
  TLSERROR: 'the TLS settings do not fit the server',
};

/** The name for a numeric code, `UNKNOWN(<code>)` when this build does not know it. */
export function nameOfCode(code: number): ZkErrorName {
  return NAME_BY_CODE.get(code) ?? `UNKNOWN(${code})`;
}

export interface ZkErrorDetails {
  /** The znode the failed request was about. */
  readonly path?: string;
  /** The operation, e.g. `create`. */
  readonly op?: string;
  /** Overrides the standard wording. */
  readonly message?: string;
  /**
   * For writes: true when the request reached the wire before the failure, so it may have been
   * applied (ZooKeeper's connection-loss ambiguity). False means it certainly was not applied.
   */
  readonly mayHaveApplied?: boolean;
  /** Whether the request reached the wire; false for requests refused or withdrawn before sending. */
  readonly sent?: boolean;
  readonly cause?: unknown;
}

/** A ZooKeeper failure with ZooKeeper's name and code. */
export class ZkError extends Error {
  /** ZooKeeper's numeric code; undefined for CANCELLED and TLSERROR. */
  readonly code: number | undefined;
  readonly path: string | undefined;
  readonly op: string | undefined;
  readonly mayHaveApplied: boolean | undefined;
  readonly sent: boolean | undefined;

  constructor(name: ZkErrorName, details: ZkErrorDetails = {}) {
    const where = [details.op, details.path].filter(Boolean).join(' ');
    const what = details.message ?? MEANING[name] ?? `ZooKeeper error ${name}`;
    super(`${what}${where ? ` (${where})` : ''}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = name;
    this.code = name === 'CANCELLED' || name === 'TLSERROR' ? undefined : codeOfName(name);
    this.path = details.path;
    this.op = details.op;
    this.mayHaveApplied = details.mayHaveApplied;
    this.sent = details.sent ?? (details.mayHaveApplied ? true : undefined);
  }

  /** The typed error for a code a server returned. */
  static fromCode(code: number, details: ZkErrorDetails = {}): ZkError {
    return new ZkError(nameOfCode(code), details);
  }

  /** The name, narrowed: `error.is('NONODE')`. */
  is(name: ZkErrorName): boolean {
    return this.name === name;
  }
}

function codeOfName(name: ZkErrorName): number {
  if (name in ZK_CODES) return ZK_CODES[name as ZkKnownName];
  const unknown = /^UNKNOWN\((-?\d+)\)$/.exec(name);
  return unknown ? Number(unknown[1]) : ZK_CODES.SYSTEMERROR;
}

/** True when `err` is a ZkError, optionally with one of `names`. */
export function isZkError(err: unknown, ...names: ZkErrorName[]): err is ZkError {
  return err instanceof ZkError && (names.length === 0 || names.includes(err.name as ZkErrorName));
}

/**
 * Turns anything a lower layer threw into a ZkError: library exceptions carry a numeric `code`;
 * anything else becomes SYSTEMERROR with the original as `cause`.
 */
export function toZkError(err: unknown, details: ZkErrorDetails = {}): ZkError {
  if (err instanceof ZkError) return err;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number') {
    return ZkError.fromCode(err.code, { ...details, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ZkError('SYSTEMERROR', { ...details, message: `unexpected client failure: ${message}`, cause: err });
}

/** ZooKeeper's default jute.maxbuffer: the largest packet a server accepts (1 MB - 1). */
export const JUTE_MAX_BUFFER = 0xfffff;

/** The error for a request larger than the servers accept. */
export function requestTooLarge(bytes: number, limit: number, details: ZkErrorDetails): ZkError {
  return new ZkError('MARSHALLINGERROR', {
    ...details,
    mayHaveApplied: false,
    sent: false,
    message:
      `request of ${bytes} bytes is over the servers' jute.maxbuffer of ${limit} bytes ` +
      `(ZooKeeper's default is 1 MB); a server would drop the connection, so it was not sent`,
  });
}
