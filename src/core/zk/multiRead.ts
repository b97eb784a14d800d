/**
 * The multiRead request (opcode 22, ZooKeeper 3.6+): a MultiOperationRecord of getData (4) and
 * getChildren (8) ops, answered by a MultiResponse with one result per op. Unlike a write multi
 * it never aborts: a failing op comes back as an error result (type -1 with its code) and the
 * others still answer. A sub-op of any other type makes the server fail the whole request with
 * MARSHALLINGERROR, so only these two are ever encoded; a server before 3.6 answers the whole
 * request with UNIMPLEMENTED and then closes the connection.
 */
import { ZkError } from './errors';
import { JuteReader, JuteWriter } from './jute';
import { validatePath, withChroot } from './paths';
import type { ReadOp, ReadOutcome } from './readOps';
import { decodeStat } from './stat';
import { OP, WireRequest } from './wire';

/** The ops a multiRead can carry. */
export type MultiReadOp = Extract<ReadOp, { op: 'get' | 'children' }>;

/** Encodes one multiRead; throws BADARGUMENTS before anything is sent. Watches are never set. */
export function multiReadRequest(ops: readonly MultiReadOp[], chroot: string | undefined): WireRequest<ReadOutcome[]> {
  if (ops.length === 0) throw new ZkError('BADARGUMENTS', { op: 'multiRead', message: 'multiRead needs at least one op' });
  const w = new JuteWriter();
  ops.forEach((op, i) => {
    if (op.op !== 'get' && op.op !== 'children') {
      throw new ZkError('BADARGUMENTS', {
        op: 'multiRead',
        message: `op ${i} has type ${JSON.stringify((op as { op: unknown }).op)}; multiRead takes get and children`,
      });
    }
    validatePath(op.path, op.op);
    w.int(op.op === 'get' ? OP.GET_DATA : OP.GET_CHILDREN)
      .bool(false)
      .int(-1);
    w.ustring(withChroot(op.path, chroot)).bool(false);
  });
  w.int(-1).bool(true).int(-1);
  return new WireRequest(OP.MULTI_READ, w.bytes(), (r) => decodeMultiRead(r, ops), {
    op: 'multiRead',
    path: ops.length === 1 ? ops[0]?.path : undefined,
    write: false,
  });
}

/** Decodes a MultiResponse against the ops that asked; a result that does not fit its op is MARSHALLINGERROR. */
export function decodeMultiRead(r: JuteReader, ops: readonly MultiReadOp[]): ReadOutcome[] {
  const out: ReadOutcome[] = [];
  for (;;) {
    const type = r.int();
    const done = r.bool();
    r.int();
    if (done) break;
    const op = ops[out.length];
    if (!op)
      throw new ZkError('MARSHALLINGERROR', { op: 'multiRead', message: `the reply has more results than the ${ops.length} ops asked` });
    if (type === OP.ERROR) {
      out.push({ ok: false, op: op.op, error: ZkError.fromCode(r.int(), { op: op.op, path: op.path }) });
    } else if (type === OP.GET_DATA && op.op === 'get') {
      const data = r.buffer() ?? Buffer.alloc(0);
      out.push({ ok: true, op: 'get', value: { data, stat: decodeStat(r.stat()) } });
    } else if (type === OP.GET_CHILDREN && op.op === 'children') {
      out.push({ ok: true, op: 'children', value: { children: r.vector((v) => v.ustring() ?? '') } });
    } else {
      throw new ZkError('MARSHALLINGERROR', { op: 'multiRead', path: op.path, message: `result type ${type} does not answer a ${op.op}` });
    }
  }
  if (out.length !== ops.length) {
    throw new ZkError('MARSHALLINGERROR', { op: 'multiRead', message: `the reply has ${out.length} results for ${ops.length} ops` });
  }
  return out;
}
