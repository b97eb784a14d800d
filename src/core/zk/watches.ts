/**
 * One-shot watches with typed events. The library keeps the watchers and re-registers them after
 * reconnects; this registry remembers them too, so that when a session expires (and the library
 * forgets everything) every watcher still hears once, with `sessionExpired`.
 */

export type WatchEventType = 'created' | 'deleted' | 'dataChanged' | 'childrenChanged' | 'sessionExpired';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly path: string;
}

/** Called at most once per registration. Exceptions it throws are reported, never propagated. */
export type Watcher = (event: WatchEvent) => void;

/** Event.NODE_* of the wire protocol. */
const TYPES: Record<number, WatchEventType> = { 1: 'created', 2: 'deleted', 3: 'dataChanged', 4: 'childrenChanged' };

interface Entry {
  readonly path: string;
  readonly watcher: Watcher;
  fired: boolean;
}

export class WatchRegistry {
  private readonly live = new Set<Entry>();

  constructor(private readonly onWatcherError: (err: unknown) => void) {}

  /** How many registrations have not fired yet. */
  get size(): number {
    return this.live.size;
  }

  /** A library watcher function that delivers the event to `watcher` once. */
  wrap(path: string, watcher: Watcher): (event: { type: number; path: string }) => void {
    const entry: Entry = { path, watcher, fired: false };
    this.live.add(entry);
    return (event) => this.fire(entry, { type: TYPES[event.type] ?? 'dataChanged', path: event.path });
  }

  /** Tells every pending watcher that its session expired; the watches are gone on the server. */
  expireAll(): void {
    for (const entry of [...this.live]) this.fire(entry, { type: 'sessionExpired', path: entry.path });
  }

  /** Forgets every watcher without calling it (on close). */
  clear(): void {
    for (const entry of this.live) entry.fired = true;
    this.live.clear();
  }

  private fire(entry: Entry, event: WatchEvent): void {
    if (entry.fired) return;
    entry.fired = true;
    this.live.delete(entry);
    try {
      entry.watcher(event);
    } catch (err) {
      this.onWatcherError(err);
    }
  }
}
