/**
 * Diff of two subtrees, on one cluster or two: both sides are walked at once (pipelined), then
 * compared by path relative to their roots. The result is a tree pruned to what differs (plus
 * the ancestors needed to reach it) and a flat list; each entry keeps both sides' data so an
 * editor can open them side by side.
 */
import type { ZkAcl } from '../zk/acl';
import type { ZkSession } from '../zk/session';
import type { ZkStat } from '../zk/stat';
import { sameAcl } from './exportFormat';
import { compareNatural } from './naturalSort';
import { walkTree } from './walk';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';
export type DiffChange = 'data' | 'acl' | 'ephemeral';

/** One side of a node. */
export interface DiffSide {
  /** Absolute path on that side's session. */
  readonly path: string;
  readonly data: Buffer;
  readonly acl: readonly ZkAcl[];
  readonly stat: ZkStat;
}

export interface DiffEntry {
  /** Relative to both roots: `/` is the roots themselves. */
  readonly relPath: string;
  readonly name: string;
  /** `added`: only on the right; `removed`: only on the left. */
  readonly status: DiffStatus;
  readonly changes: readonly DiffChange[];
  readonly left: DiffSide | undefined;
  readonly right: DiffSide | undefined;
  /** Children that differ or lead to a difference, naturally sorted. */
  readonly children: DiffEntry[];
}

export interface TreeDiff {
  /** The roots' entry; its children are pruned to differences. */
  readonly root: DiffEntry;
  /** Every differing node, parents before children. */
  readonly differences: readonly DiffEntry[];
  readonly counts: Readonly<Record<DiffStatus, number>>;
  readonly equal: boolean;
  readonly ms: number;
}

export interface DiffSource {
  readonly session: ZkSession;
  readonly root: string;
}

export interface DiffOptions {
  /** Compare ACLs too (default true). */
  readonly acl?: boolean;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

async function snapshot(source: DiffSource, options: DiffOptions): Promise<Map<string, DiffSide>> {
  const nodes = new Map<string, DiffSide>();
  await walkTree(
    source.session,
    source.root,
    { data: true, acl: options.acl !== false, excludeSystem: true, concurrency: options.concurrency, signal: options.signal },
    (n) => nodes.set(n.relPath, { path: n.path, data: n.data ?? Buffer.alloc(0), acl: n.acl ?? [], stat: n.stat }),
  );
  return nodes;
}

function changesOf(left: DiffSide, right: DiffSide, withAcl: boolean): DiffChange[] {
  const changes: DiffChange[] = [];
  if (!left.data.equals(right.data)) changes.push('data');
  if (withAcl && !sameAcl(left.acl, right.acl)) changes.push('acl');
  if ((left.stat.kind === 'ephemeral') !== (right.stat.kind === 'ephemeral')) changes.push('ephemeral');
  return changes;
}

function parentOf(rel: string): string | undefined {
  if (rel === '/') return undefined;
  return rel.slice(0, rel.lastIndexOf('/')) || '/';
}

/** Compares `left` and `right`. Rejects when either root cannot be read. */
export async function diffTrees(left: DiffSource, right: DiffSource, options: DiffOptions = {}): Promise<TreeDiff> {
  const started = performance.now();
  const [a, b] = await Promise.all([snapshot(left, options), snapshot(right, options)]);
  const withAcl = options.acl !== false;
  const paths = new Set<string>([...a.keys(), ...b.keys()]);
  const entries = new Map<string, DiffEntry>();
  const counts: Record<DiffStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const rel of paths) {
    const l = a.get(rel);
    const r = b.get(rel);
    const changes = l && r ? changesOf(l, r, withAcl) : [];
    const status: DiffStatus = !l ? 'added' : !r ? 'removed' : changes.length ? 'changed' : 'unchanged';
    counts[status]++;
    entries.set(rel, {
      relPath: rel,
      name: rel === '/' ? '/' : rel.slice(rel.lastIndexOf('/') + 1),
      status,
      changes,
      left: l,
      right: r,
      children: [],
    });
  }
  // Link each differing entry, and the ancestors leading to it, into the pruned tree.
  const linked = new Set<string>();
  for (const entry of entries.values()) {
    if (entry.status === 'unchanged') continue;
    let child = entry;
    for (let p = parentOf(child.relPath); p !== undefined && !linked.has(child.relPath); p = parentOf(p)) {
      linked.add(child.relPath);
      const parent = entries.get(p);
      if (!parent) break;
      parent.children.push(child);
      child = parent;
    }
  }
  const byPath = (x: DiffEntry, y: DiffEntry): number => compareNatural(x.name, y.name);
  for (const e of entries.values()) if (e.children.length > 1) e.children.sort(byPath);
  const root = entries.get('/')!;
  const differences: DiffEntry[] = [];
  const stack: DiffEntry[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.status !== 'unchanged') differences.push(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
  }
  return { root, differences, counts, equal: differences.length === 0, ms: performance.now() - started };
}

/** `+ /a` (added), `- /b` (removed), `~ /c (data, acl)` (changed): one line per difference. */
export function describeDifference(entry: DiffEntry): string {
  if (entry.status === 'added') return `+ ${entry.relPath}`;
  if (entry.status === 'removed') return `- ${entry.relPath}`;
  return `~ ${entry.relPath} (${entry.changes.join(', ')})`;
}
