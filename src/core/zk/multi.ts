/**
 * multi: several writes applied atomically. Our own encoding, because the library's Transaction
 * turns version 0 into -1 (`version || -1`) and reports only the first failing op; here every op
 * gets its own typed outcome.
 */
import { OPEN_ACL_UNSAFE, ZkAcl } from './acl';
import { ZkError } from './errors';
import { JuteReader, JuteWriter } from './jute';
import { validatePath, withChroot, withoutChroot } from './paths';
import { CreateMode, checkCreate, checkVersion, createOpcode, writeCreate } from './requests';
import { ZkStat, decodeStat } from './stat';
import { OP, WireRequest } from './wire';

export type MultiOp =
  | {
      readonly op: 'create';
      readonly path: string;
      readonly data?: Buffer;
      readonly mode?: CreateMode;
      readonly acl?: readonly ZkAcl[];
      readonly ttlMs?: number;
    }
  | { readonly op: 'delete'; readonly path: string; readonly version: number }
  | { readonly op: 'set'; readonly path: string; readonly data: Buffer; readonly version: number }
  | { readonly op: 'check'; readonly path: string; readonly version: number };

export type MultiOpResult =
  | { readonly op: 'create'; readonly path: string; readonly stat?: ZkStat }
  | { readonly op: 'delete' }
  | { readonly op: 'set'; readonly stat: ZkStat }
  | { readonly op: 'check' }
  /** A failed op carries ZooKeeper's code; the ops that did not fail show RUNTIMEINCONSISTENCY or OK. */
  | { readonly op: 'error'; readonly error: ZkError | undefined };

export interface MultiOutcome {
  /** True when every op was applied; false when none was (multi is all or nothing). */
  readonly committed: boolean;
  readonly results: MultiOpResult[];
  /** The first real failure (not the RUNTIMEINCONSISTENCY ZooKeeper reports for the others). */
  readonly error: ZkError | undefined;
}

/** Encodes a multi; validation errors are thrown before anything is sent. */
export function multiRequest(ops: readonly MultiOp[], chroot: string | undefined): WireRequest<MultiOutcome> {
  if (ops.length === 0) throw new ZkError('BADARGUMENTS', { op: 'multi', message: 'multi needs at least one op' });
  const w = new JuteWriter();
  ops.forEach((op, i) => {
    const path = withChroot(op.path, chroot);
    switch (op.op) {
      case 'create': {
        const spec = { mode: op.mode ?? 'persistent', acl: op.acl ?? OPEN_ACL_UNSAFE, ttlMs: op.ttlMs };
        checkCreate(op.path, spec);
        w.int(createOpcode(spec.mode)).bool(false).int(-1);
        writeCreate(w, path, op.data ?? Buffer.alloc(0), spec);
        break;
      }
      case 'delete':
        validatePath(op.path, 'delete');
        checkVersion(op.version, op.path, 'delete');
        w.int(OP.DELETE).bool(false).int(-1).ustring(path).int(op.version);
        break;
      case 'set':
        validatePath(op.path, 'set');
        checkVersion(op.version, op.path, 'set');
        w.int(OP.SET_DATA).bool(false).int(-1).ustring(path).buffer(op.data).int(op.version);
        break;
      case 'check':
        validatePath(op.path, 'check');
        checkVersion(op.version, op.path, 'check');
        w.int(OP.CHECK).bool(false).int(-1).ustring(path).int(op.version);
        break;
      default:
        throw new ZkError('BADARGUMENTS', {
          op: 'multi',
          message: `op ${i} has unknown type ${JSON.stringify((op as { op: unknown }).op)}`,
        });
    }
  });
  w.int(-1).bool(true).int(-1);
  const decode = (r: JuteReader): MultiOutcome => decodeMulti(r, ops, chroot);
  return new WireRequest(OP.MULTI, w.bytes(), decode, { op: 'multi', path: ops[0]?.path, write: true, decodeOnError: true });
}

function decodeMulti(r: JuteReader, ops: readonly MultiOp[], chroot: string | undefined): MultiOutcome {
  const results: MultiOpResult[] = [];
  for (let guard = 0; guard <= ops.length; guard++) {
    const type = r.int();
    const done = r.bool();
    r.int();
    if (done) break;
    const op = ops[results.length];
    switch (type) {
      case OP.CREATE:
        results.push({ op: 'create', path: stripped(r.ustring(), chroot) });
        break;
      case OP.CREATE2:
      case OP.CREATE_CONTAINER:
      case OP.CREATE_TTL:
        results.push({ op: 'create', path: stripped(r.ustring(), chroot), stat: decodeStat(r.stat()) });
        break;
      case OP.DELETE:
        results.push({ op: 'delete' });
        break;
      case OP.SET_DATA:
        results.push({ op: 'set', stat: decodeStat(r.stat()) });
        break;
      case OP.CHECK:
        results.push({ op: 'check' });
        break;
      case OP.ERROR: {
        const code = r.int();
        results.push({
          op: 'error',
          error: code === 0 ? undefined : ZkError.fromCode(code, { op: `multi ${op?.op ?? ''}`.trim(), path: op?.path }),
        });
        break;
      }
      default:
        throw new ZkError('MARSHALLINGERROR', { op: 'multi', message: `unknown result type ${type} in a multi reply` });
    }
  }
  const errors = results.flatMap((res) => (res.op === 'error' && res.error ? [res.error] : []));
  const real = errors.find((e) => !e.is('RUNTIMEINCONSISTENCY')) ?? errors[0];
  return { committed: errors.length === 0, results, error: real };
}

function stripped(path: string | null, chroot: string | undefined): string {
  const p = path ?? '';
  return withoutChroot(p, chroot) ?? p;
}
