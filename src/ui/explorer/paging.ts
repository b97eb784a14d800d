/**
 * How many children of each parent the tree shows. A parent starts with one page; "Load more"
 * adds a page. Kept apart from the listings themselves so that a refresh (new listing) keeps the
 * user's place. No vscode import: unit-tested.
 */

export const PAGE_SIZE = 500;

export class PagingState {
  private readonly shownByKey = new Map<string, number>();

  constructor(readonly pageSize: number = PAGE_SIZE) {
    if (!(pageSize >= 1)) throw new RangeError(`pageSize must be >= 1, got ${pageSize}`);
  }

  /** How many children of `key` to show (at least one page). */
  shown(key: string): number {
    return this.shownByKey.get(key) ?? this.pageSize;
  }

  /** Shows one more page of `key`, never beyond `total`; returns the new count. */
  more(key: string, total: number): number {
    const next = Math.min(Math.max(total, this.pageSize), this.shown(key) + this.pageSize);
    this.shownByKey.set(key, next);
    return next;
  }

  /** Back to one page for `key` and everything below it (`key` is `<cluster>:<path>`). */
  reset(key: string): void {
    const below = key.endsWith('/') ? key : `${key}/`;
    for (const k of [...this.shownByKey.keys()]) if (k === key || k.startsWith(below)) this.shownByKey.delete(k);
  }
}

/** What the tree shows for a parent with `total` children when `shown` are asked for. */
export interface Window {
  /** Rows to show. */
  readonly count: number;
  readonly hasMore: boolean;
  /** `Load more (500 of 1,200)`; undefined when everything is shown. */
  readonly moreLabel: string | undefined;
}

export function visibleWindow(total: number, shown: number): Window {
  const count = Math.max(0, Math.min(total, shown));
  const hasMore = count < total;
  const fmt = (n: number): string => n.toLocaleString('en-US');
  return { count, hasMore, moreLabel: hasMore ? `Load more (${fmt(count)} of ${fmt(total)})` : undefined };
}
