/**
 * The children the tree has listed, per parent: one getChildren per parent (ChildPages), details
 * (stats) only for the rows shown, cached until a watch or a refresh invalidates them. Bounded by
 * the total number of names held. No vscode import.
 */
import { ChildDetail, ChildPages, fetchChildDetails } from '../../core/znodes/childPages';
import type { ZkSession } from '../../core/zk/session';
import type { ZkStat } from '../../core/zk/stat';
import type { Watcher } from '../../core/zk/watches';
import { znodeKey } from './zkUri';

/** Names held across every cached listing before the least recently used ones are dropped. */
export const MAX_CACHED_NAMES = 2_000_000;
/** Parents remembered as "sync before the next listing" (a refresh that is never followed by a listing). */
const MAX_SYNC_PENDING = 10_000;

interface Listing {
  readonly pages: ChildPages;
  readonly details: Map<string, ChildDetail>;
}

export interface Rows {
  /** Rows in natural order; children deleted since the listing are left out. */
  readonly rows: readonly ChildDetail[];
  /** Children the parent had when listed. */
  readonly total: number;
  readonly parentStat: ZkStat;
}

export interface ListingCacheOptions {
  readonly sessionFor: (clusterId: string) => Promise<ZkSession>;
  /** A child watch for the listing of `path`, or undefined when the cluster refreshes manually. */
  readonly watcherFor?: (clusterId: string, path: string) => Watcher | undefined;
  readonly maxNames?: number;
}

export class ListingCache {
  /** Insertion order is use order: the first entries are the least recently used. */
  private readonly listings = new Map<string, Promise<Listing>>();
  private readonly sizes = new Map<string, number>();
  /**
   * Parents whose next listing first syncs (ZooKeeper `sync`): after a refresh the user expects what
   * another client just wrote, but this session's member may be a follower a few ms behind; sync
   * makes it catch up with the leader first. Bounded: cleared when it grows past MAX_SYNC_PENDING.
   */
  private readonly syncFirst = new Set<string>();

  constructor(private readonly options: ListingCacheOptions) {}

  /** The first `count` children of `path` with their stats. Rejects with the session's ZkError. */
  async rows(clusterId: string, path: string, count: number, signal?: AbortSignal): Promise<Rows> {
    const key = znodeKey(clusterId, path);
    const listing = await this.listing(clusterId, path, key, signal);
    const names = listing.pages.slice(0, count).names;
    const missing = names.filter((n) => !listing.details.has(n));
    if (missing.length) {
      const session = await this.options.sessionFor(clusterId);
      for (const detail of await fetchChildDetails(session, path, missing, { signal })) listing.details.set(detail.name, detail);
    }
    const rows: ChildDetail[] = [];
    for (const name of names) {
      const detail = listing.details.get(name);
      if (detail && !detail.gone) rows.push(detail);
    }
    return { rows, total: listing.pages.total, parentStat: listing.pages.parentStat };
  }

  /** The sorted names of a listed parent, if cached (for reveal and search within a page). */
  async cachedNames(clusterId: string, path: string): Promise<readonly string[] | undefined> {
    const listing = await this.listings.get(znodeKey(clusterId, path))?.catch(() => undefined);
    return listing?.pages.names;
  }

  private listing(clusterId: string, path: string, key: string, signal?: AbortSignal): Promise<Listing> {
    const cached = this.listings.get(key);
    if (cached) {
      this.listings.delete(key);
      this.listings.set(key, cached);
      return cached;
    }
    const loading = this.load(clusterId, path, this.syncFirst.delete(key), signal);
    this.listings.set(key, loading);
    loading.then(
      (listing) => {
        if (this.listings.get(key) !== loading) return;
        this.sizes.set(key, listing.pages.total);
        this.evict(key);
      },
      () => {
        // A failed listing is not cached: Retry lists again.
        if (this.listings.get(key) === loading) this.drop(key);
      },
    );
    return loading;
  }

  private async load(clusterId: string, path: string, sync: boolean, signal?: AbortSignal): Promise<Listing> {
    const session = await this.options.sessionFor(clusterId);
    // A failed sync is not the listing's failure: the listing below reports what is wrong, if anything.
    if (sync) await session.sync(path, { signal }).catch(() => undefined);
    const watcher = this.options.watcherFor?.(clusterId, path);
    // ChildPages.load takes no watcher; listing through the session with one and letting
    // ChildPages sort keeps one getChildren per parent even in watch mode.
    const listed = await session.children(path, watcher, { signal });
    return { pages: ChildPages.fromNames(path, listed.children, listed.stat), details: new Map() };
  }

  private evict(keep: string): void {
    const max = this.options.maxNames ?? MAX_CACHED_NAMES;
    let total = 0;
    for (const n of this.sizes.values()) total += n;
    for (const key of [...this.listings.keys()]) {
      if (total <= max) return;
      if (key === keep) continue;
      total -= this.sizes.get(key) ?? 0;
      this.drop(key);
    }
  }

  private drop(key: string): void {
    this.listings.delete(key);
    this.sizes.delete(key);
  }

  /** Forgets the stat of one listed child, so the next rows() fetches it again (after a write). */
  async forgetDetail(clusterId: string, parentPath: string, name: string): Promise<void> {
    const listing = await this.listings.get(znodeKey(clusterId, parentPath))?.catch(() => undefined);
    listing?.details.delete(name);
  }

  /** Forgets the listing of one parent (its children changed); the next listing syncs first. */
  invalidate(clusterId: string, path: string): void {
    const key = znodeKey(clusterId, path);
    this.drop(key);
    this.markSync(key);
  }

  /** Forgets `path`'s listing and every listing below it; the next listing of `path` syncs first. */
  invalidateSubtree(clusterId: string, path: string): void {
    const key = znodeKey(clusterId, path);
    const below = path === '/' ? `${clusterId}:/` : `${key}/`;
    for (const k of [...this.listings.keys()]) if (k === key || k.startsWith(below)) this.drop(k);
    // One sync covers the whole session: the member is then as recent as the leader for every path.
    this.markSync(key);
  }

  private markSync(key: string): void {
    if (this.syncFirst.size >= MAX_SYNC_PENDING) this.syncFirst.clear();
    this.syncFirst.add(key);
  }

  /** Forgets every listing of a cluster (disconnect, reconnect after expiry). */
  invalidateCluster(clusterId: string): void {
    for (const k of [...this.listings.keys()]) if (k.startsWith(`${clusterId}:`)) this.drop(k);
  }

  /** How many children the cached listing of `path` has, if it is cached. */
  sizeOf(clusterId: string, path: string): number | undefined {
    return this.sizes.get(znodeKey(clusterId, path));
  }

  /** Number of parents cached. */
  get size(): number {
    return this.listings.size;
  }
}
