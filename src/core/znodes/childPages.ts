/**
 * Huge child lists, one page at a time. A parent's children are fetched once with a single
 * getChildren2 (ZooKeeper has no paged listing; 300k names is a ~5 MB reply that the session reads
 * in well under a second), sorted naturally once, then served as pages. The details a tree needs
 * per row (child count, ephemeral flag, size) come from pipelined `exists` calls for the visible
 * page only, with bounded concurrency, so a 300k-child parent never costs 300k requests.
 */
import { ZkError, isZkError, toZkError } from '../zk/errors';
import { mapBounded } from '../zk/limiter';
import { joinPath } from '../zk/paths';
import type { ZkStat } from '../zk/stat';
import { compareNatural, smallestNatural, sortNatural } from './naturalSort';
import type { ZkSession } from '../zk/session';
import type { Watcher } from '../zk/watches';

/** Rows per page: enough to fill a tree, few enough to stat in one pipelined burst. */
export const DEFAULT_PAGE_SIZE = 500;
/** `exists` calls in flight while fetching row details. */
export const DEFAULT_DETAIL_CONCURRENCY = 100;

export interface ChildPage {
  /** Index of the first name in the whole sorted list. */
  readonly offset: number;
  readonly names: readonly string[];
  /** How many children the parent had when listed. */
  readonly total: number;
  /** True when names follow this page. */
  readonly hasMore: boolean;
}

export interface LoadChildrenOptions {
  readonly pageSize?: number;
  /** Leaves a child watch on the parent (fires once when its child list changes). */
  readonly watch?: Watcher;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** Beyond this many leading names a full sort is cheaper than repeated selection. */
const SELECT_LIMIT = 20_000;

/**
 * A parent's children, listed once and served in natural order, page by page. The first pages
 * come from a selection of the smallest names (no full sort: a 300k-name parent shows its first
 * page in about the time of the getChildren itself); the full sort happens once, only when a
 * caller needs names beyond SELECT_LIMIT, `names`, or `indexOf`.
 */
export class ChildPages {
  private sorted: string[] | undefined;
  private prefix: string[] = [];

  private constructor(
    readonly parentPath: string,
    private readonly unsorted: readonly string[],
    /** The parent's stat as of the listing. */
    readonly parentStat: ZkStat,
    readonly pageSize: number,
    /** Milliseconds spent listing. */
    readonly loadMs: { readonly list: number },
  ) {}

  /** Lists `parentPath` once (optionally leaving a child watch). Rejects with NONODE/NOAUTH/… */
  static async load(session: ZkSession, parentPath: string, options: LoadChildrenOptions = {}): Promise<ChildPages> {
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
    const t0 = performance.now();
    const listed = await session.children(parentPath, options.watch, { signal: options.signal, timeoutMs: options.timeoutMs });
    return new ChildPages(parentPath, listed.children, listed.stat, pageSize, { list: performance.now() - t0 });
  }

  /** A list built from names already at hand (a listing made with a watcher, tests). */
  static fromNames(parentPath: string, names: readonly string[], parentStat: ZkStat, pageSize = DEFAULT_PAGE_SIZE): ChildPages {
    return new ChildPages(parentPath, names, parentStat, Math.max(1, pageSize), { list: 0 });
  }

  get total(): number {
    return this.unsorted.length;
  }

  get pageCount(): number {
    return Math.ceil(this.unsorted.length / this.pageSize);
  }

  /** Every child name in natural order (sorts the whole list the first time). */
  get names(): readonly string[] {
    this.sorted ??= sortNatural(this.unsorted);
    return this.sorted;
  }

  /** The first `end` names in natural order, by selection while that is cheaper than sorting. */
  private leading(end: number): readonly string[] {
    if (this.sorted || end > SELECT_LIMIT) return this.names;
    if (this.prefix.length < end && this.prefix.length < this.unsorted.length) {
      // Select a little more than asked so "load more" rarely selects again.
      this.prefix = smallestNatural(this.unsorted, Math.max(end, Math.min(SELECT_LIMIT, end * 2)));
    }
    return this.prefix;
  }

  /** `limit` names from `offset` (clamped to the list). */
  slice(offset: number, limit: number = this.pageSize): ChildPage {
    const total = this.unsorted.length;
    const from = Math.max(0, Math.min(Math.floor(offset), total));
    const to = Math.min(total, from + Math.max(0, Math.floor(limit)));
    return { offset: from, names: this.leading(to).slice(from, to), total, hasMore: to < total };
  }

  /** Page `index` (0-based) of `pageSize` names. */
  page(index: number): ChildPage {
    return this.slice(index * this.pageSize, this.pageSize);
  }

  /** The position of `name` in the sorted list, or -1 (binary search, so cheap on 300k). */
  indexOf(name: string): number {
    const names = this.names;
    let lo = 0;
    let hi = names.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareNatural(names[mid] ?? '', name);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The page that holds `name`, or undefined when it is not a child. */
  pageOf(name: string): number | undefined {
    const at = this.indexOf(name);
    return at < 0 ? undefined : Math.floor(at / this.pageSize);
  }
}

/** What a tree row shows for one child. */
export interface ChildDetail {
  readonly name: string;
  readonly path: string;
  /** Undefined when the child vanished since the listing (`gone`) or the stat failed (`error`). */
  readonly stat: ZkStat | undefined;
  readonly numChildren: number;
  readonly ephemeral: boolean;
  readonly dataLength: number;
  /** Deleted between the listing and the stat. */
  readonly gone: boolean;
  readonly error: ZkError | undefined;
}

export interface ChildDetailOptions {
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * Stats the children `names` of `parentPath` with pipelined `exists` calls (bounded), one detail
 * per name in the same order. Never rejects for a single child: a vanished child is `gone`, any
 * other failure is in `error`. Rejects only when cancelled.
 */
export async function fetchChildDetails(
  session: ZkSession,
  parentPath: string,
  names: readonly string[],
  options: ChildDetailOptions = {},
): Promise<ChildDetail[]> {
  const call = { signal: options.signal, timeoutMs: options.timeoutMs };
  const outcomes = await mapBounded(names, (name) => session.exists(joinPath(parentPath, name), undefined, call), {
    concurrency: options.concurrency ?? DEFAULT_DETAIL_CONCURRENCY,
    signal: options.signal,
  });
  if (options.signal?.aborted) throw toZkError(options.signal.reason ?? new ZkError('CANCELLED'));
  return names.map((name, i) => {
    const path = joinPath(parentPath, name);
    const outcome = outcomes[i];
    if (!outcome || !outcome.ok) {
      const error = outcome?.error ?? new ZkError('CANCELLED');
      const gone = isZkError(error, 'NONODE');
      return { name, path, stat: undefined, numChildren: 0, ephemeral: false, dataLength: 0, gone, error: gone ? undefined : error };
    }
    const stat = outcome.value;
    if (!stat) return { name, path, stat: undefined, numChildren: 0, ephemeral: false, dataLength: 0, gone: true, error: undefined };
    return {
      name,
      path,
      stat,
      numChildren: stat.numChildren,
      ephemeral: stat.kind === 'ephemeral',
      dataLength: stat.dataLength,
      gone: false,
      error: undefined,
    };
  });
}
