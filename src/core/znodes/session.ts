/**
 * The part of the ZooKeeper session (src/core/zk) that the explorer core calls. Written as an
 * interface so every module here states exactly what it needs; the real session satisfies it
 * structurally (checked by a type test once it lands).
 */
import type { ZkAcl } from '../zk/acl';
import type { CallOptions } from '../zk/callScope';
import type { MultiOp, MultiOutcome } from '../zk/multi';
import type { AclResult, ChildrenResult, CreateMode, CreateResult, DataResult } from '../zk/requests';
import type { ZkStat } from '../zk/stat';

export interface CreateOptions extends CallOptions {
  readonly mode?: CreateMode;
  readonly acl?: readonly ZkAcl[];
}

export interface ZnodeSession {
  /** The node's stat, or undefined when it does not exist. */
  exists(path: string, options?: CallOptions): Promise<ZkStat | undefined>;
  get(path: string, options?: CallOptions): Promise<DataResult>;
  children(path: string, options?: CallOptions): Promise<ChildrenResult>;
  getAcl(path: string, options?: CallOptions): Promise<AclResult>;
  set(path: string, data: Buffer, version: number, options?: CallOptions): Promise<ZkStat>;
  create(path: string, data: Buffer, options?: CreateOptions): Promise<CreateResult>;
  delete(path: string, version: number, options?: CallOptions): Promise<void>;
  multi(ops: readonly MultiOp[], options?: CallOptions): Promise<MultiOutcome>;
}
