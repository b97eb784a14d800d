/**
 * Builders for every request the session sends: body encoding with the chroot applied, and the
 * reply decoder (chroot stripped, stats decoded). Includes what node-zookeeper-client 1.1.3 lacks:
 * sync, container and TTL creates, reconfig and getEphemerals.
 */
import { ZkAcl, validateAcl } from './acl';
import { ZkError } from './errors';
import { JuteReader, JuteWriter } from './jute';
import { validatePath, withChroot, withoutChroot } from './paths';
import { ZkStat, decodeStat } from './stat';
import { OP, WireRequest, XID } from './wire';

export type CreateMode =
  'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential' | 'container' | 'ttl' | 'ttl-sequential';

/** CreateMode flags on the wire. */
const FLAGS: Record<CreateMode, number> = {
  persistent: 0,
  ephemeral: 1,
  'persistent-sequential': 2,
  'ephemeral-sequential': 3,
  container: 4,
  ttl: 5,
  'ttl-sequential': 6,
};

/** EphemeralType.TTL.maxValue(): 2^40 - 1 ms. */
export const MAX_TTL_MS = 0xffffffffff;

export interface CreateSpec {
  readonly mode: CreateMode;
  readonly acl: readonly ZkAcl[];
  /** Required for `ttl` and `ttl-sequential`, refused otherwise. */
  readonly ttlMs?: number;
}

export function isSequential(mode: CreateMode): boolean {
  return mode.endsWith('sequential');
}

function isTtl(mode: CreateMode): boolean {
  return mode === 'ttl' || mode === 'ttl-sequential';
}

/** The opcode a create of this mode needs: containers and TTL nodes have their own. */
export function createOpcode(mode: CreateMode): number {
  if (mode === 'container') return OP.CREATE_CONTAINER;
  if (isTtl(mode)) return OP.CREATE_TTL;
  return OP.CREATE;
}

/** Checks a create before it is encoded; throws BADARGUMENTS/INVALIDACL with the reason. */
export function checkCreate(path: string, spec: CreateSpec): void {
  if (!(spec.mode in FLAGS))
    throw new ZkError('BADARGUMENTS', { op: 'create', path, message: `unknown create mode "${String(spec.mode)}"` });
  validatePath(path, 'create', isSequential(spec.mode));
  validateAcl(spec.acl);
  if (isTtl(spec.mode)) {
    const ttl = spec.ttlMs;
    if (ttl === undefined || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_MS) {
      throw new ZkError('BADARGUMENTS', { op: 'create', path, message: `a TTL node needs ttlMs between 1 and ${MAX_TTL_MS}, got ${ttl}` });
    }
  } else if (spec.ttlMs !== undefined) {
    throw new ZkError('BADARGUMENTS', {
      op: 'create',
      path,
      message: `ttlMs is only valid with mode "ttl" or "ttl-sequential", not "${spec.mode}"`,
    });
  }
}

/** Versions are -1 (any) or a real version; anything else is a caller bug worth a clear error. */
export function checkVersion(version: number, path: string, op: string): void {
  if (!Number.isInteger(version) || version < -1) {
    throw new ZkError('BADARGUMENTS', { op, path, message: `version must be an integer >= -1 (-1 means any), got ${version}` });
  }
}

/** Writes a CreateRequest (or CreateTTLRequest) body for a server-side path. */
export function writeCreate(w: JuteWriter, serverPath: string, data: Buffer, spec: CreateSpec): void {
  w.ustring(serverPath).buffer(data).acls(spec.acl).int(FLAGS[spec.mode]);
  if (isTtl(spec.mode)) w.long(BigInt(spec.ttlMs ?? 0));
}

export interface DataResult {
  readonly data: Buffer;
  readonly stat: ZkStat;
}

export interface ChildrenResult {
  readonly children: string[];
  readonly stat: ZkStat;
}

export interface AclResult {
  readonly acl: ZkAcl[];
  readonly stat: ZkStat;
}

export interface CreateResult {
  readonly path: string;
  /** Present for container and TTL creates, whose replies carry the new node's stat. */
  readonly stat?: ZkStat;
}

/** What `reconfig` changes; servers in ZooKeeper's `server.N=host:q:e:role;client` form. */
export interface ReconfigChange {
  readonly joining?: readonly string[];
  /** Server ids to remove. */
  readonly leaving?: readonly number[];
  /** A complete new member list (non-incremental reconfig); excludes joining/leaving. */
  readonly newMembers?: readonly string[];
  /** Only apply if the current config version is this (ZooKeeper's -v); -1 means any. */
  readonly fromConfigVersion?: bigint;
}

const noReply = (): void => undefined;

/** Request builders bound to one chroot; each validates its arguments and throws BADARGUMENTS first. */
export class Requests {
  constructor(readonly chroot: string | undefined) {}

  private server(path: string): string {
    return withChroot(path, this.chroot);
  }

  private client(path: string | null): string {
    const p = path ?? '';
    return withoutChroot(p, this.chroot) ?? p;
  }

  private stat = (r: JuteReader): ZkStat => decodeStat(r.stat());

  exists(path: string, watch: boolean): WireRequest<ZkStat> {
    validatePath(path, 'exists');
    const body = new JuteWriter().ustring(this.server(path)).bool(watch).bytes();
    return new WireRequest(OP.EXISTS, body, this.stat, { op: 'exists', path, write: false });
  }

  getData(path: string, watch: boolean): WireRequest<DataResult> {
    validatePath(path, 'get');
    const body = new JuteWriter().ustring(this.server(path)).bool(watch).bytes();
    return new WireRequest(OP.GET_DATA, body, (r) => ({ data: r.buffer() ?? Buffer.alloc(0), stat: this.stat(r) }), {
      op: 'get',
      path,
      write: false,
    });
  }

  setData(path: string, data: Buffer, version: number): WireRequest<ZkStat> {
    validatePath(path, 'set');
    checkVersion(version, path, 'set');
    const body = new JuteWriter().ustring(this.server(path)).buffer(data).int(version).bytes();
    return new WireRequest(OP.SET_DATA, body, this.stat, { op: 'set', path, write: true });
  }

  create(path: string, data: Buffer, spec: CreateSpec): WireRequest<CreateResult> {
    checkCreate(path, spec);
    const w = new JuteWriter();
    writeCreate(w, this.server(path), data, spec);
    const opcode = createOpcode(spec.mode);
    const decode = (r: JuteReader): CreateResult => {
      const created = this.client(r.ustring());
      return opcode === OP.CREATE ? { path: created } : { path: created, stat: this.stat(r) };
    };
    return new WireRequest(opcode, w.bytes(), decode, { op: 'create', path, write: true });
  }

  delete(path: string, version: number): WireRequest<void> {
    validatePath(path, 'delete');
    checkVersion(version, path, 'delete');
    const body = new JuteWriter().ustring(this.server(path)).int(version).bytes();
    return new WireRequest(OP.DELETE, body, noReply, { op: 'delete', path, write: true });
  }

  getChildren(path: string, watch: boolean): WireRequest<ChildrenResult> {
    validatePath(path, 'children');
    const body = new JuteWriter().ustring(this.server(path)).bool(watch).bytes();
    const decode = (r: JuteReader): ChildrenResult => ({ children: r.vector((v) => v.ustring() ?? ''), stat: this.stat(r) });
    return new WireRequest(OP.GET_CHILDREN2, body, decode, { op: 'children', path, write: false });
  }

  getAcl(path: string): WireRequest<AclResult> {
    validatePath(path, 'getAcl');
    const body = new JuteWriter().ustring(this.server(path)).bytes();
    return new WireRequest(OP.GET_ACL, body, (r) => ({ acl: r.acls(), stat: this.stat(r) }), { op: 'getAcl', path, write: false });
  }

  setAcl(path: string, acl: readonly ZkAcl[], version: number): WireRequest<ZkStat> {
    validatePath(path, 'setAcl');
    validateAcl(acl);
    checkVersion(version, path, 'setAcl');
    const body = new JuteWriter().ustring(this.server(path)).acls(acl).int(version).bytes();
    return new WireRequest(OP.SET_ACL, body, this.stat, { op: 'setAcl', path, write: true });
  }

  sync(path: string): WireRequest<void> {
    validatePath(path, 'sync');
    const body = new JuteWriter().ustring(this.server(path)).bytes();
    return new WireRequest(OP.SYNC, body, noReply, { op: 'sync', path, write: false });
  }

  /** Reconfig replies with the new config (GetDataResponse). */
  reconfig(change: ReconfigChange): WireRequest<DataResult> {
    if (change.newMembers?.length && (change.joining?.length || change.leaving?.length)) {
      throw new ZkError('BADARGUMENTS', { op: 'reconfig', message: 'give either newMembers or joining/leaving, not both' });
    }
    const list = (items: readonly (string | number)[] | undefined): string | null => (items && items.length ? items.join(',') : null);
    const body = new JuteWriter()
      .ustring(list(change.joining))
      .ustring(list(change.leaving))
      .ustring(list(change.newMembers))
      .long(change.fromConfigVersion ?? -1n)
      .bytes();
    return new WireRequest(OP.RECONFIG, body, (r) => ({ data: r.buffer() ?? Buffer.alloc(0), stat: this.stat(r) }), {
      op: 'reconfig',
      path: '/zookeeper/config',
      write: true,
    });
  }

  /** This session's ephemeral nodes under `prefix` (a plain string prefix, as ZooKeeper matches). */
  getEphemerals(prefix: string): WireRequest<string[]> {
    // A plain string prefix, so `/locks/` is as valid as a sequential create's prefix.
    validatePath(prefix, 'getEphemerals', true);
    const body = new JuteWriter().ustring(this.server(prefix)).bytes();
    const decode = (r: JuteReader): string[] =>
      r
        .vector((v) => v.ustring() ?? '')
        .flatMap((p) => {
          const local = withoutChroot(p, this.chroot);
          return local === undefined ? [] : [local];
        });
    return new WireRequest(OP.GET_EPHEMERALS, body, decode, { op: 'getEphemerals', path: prefix, write: false });
  }

  /** A ping: not queued as pending by the library, answered with xid -2. */
  static ping(): WireRequest<void> {
    return new WireRequest(OP.PING, Buffer.alloc(0), noReply, { op: 'ping', write: false }, XID.PING);
  }
}
