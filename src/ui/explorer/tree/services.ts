import type { ClusterRegistry } from '../../clusters';
import type { ConnectionManager } from '../connections';
import type { ListingCache } from '../listings';
import type { PagingState } from '../paging';

/** What the tree's rows need, passed down by constructor (no global service namespace). */
export interface TreeServices {
  readonly registry: ClusterRegistry;
  readonly connections: ConnectionManager;
  readonly listings: ListingCache;
  readonly paging: PagingState;
}
