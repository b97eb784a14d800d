/**
 * The named watches of one cluster connection: add, remove, list, one merged stream of changes
 * and one bounded change log across them, so a view can show "what changed" in one place.
 */
import type { ZkSession } from '../zk/session';
import { NamedWatch, NamedWatchOptions, ZnodeChange } from './watch';

export class WatchSet {
  private readonly watches = new Map<string, { watch: NamedWatch; stop: () => void }>();
  private readonly listeners = new Set<(batch: readonly ZnodeChange[]) => void>();
  private readonly history: ZnodeChange[] = [];

  constructor(
    private readonly session: ZkSession,
    /** Entries kept in the merged log. */
    private readonly logSize = 2000,
  ) {}

  /** Adds and arms a watch; a watch of the same name is replaced. Rejects when arming fails. */
  async add(options: NamedWatchOptions): Promise<NamedWatch> {
    this.remove(options.name);
    const watch = new NamedWatch(this.session, options);
    const stop = watch.onChanges((batch) => this.deliver(batch));
    this.watches.set(options.name, { watch, stop });
    try {
      await watch.start();
    } catch (err) {
      this.remove(options.name);
      throw err;
    }
    return watch;
  }

  remove(name: string): boolean {
    const entry = this.watches.get(name);
    if (!entry) return false;
    entry.stop();
    entry.watch.dispose();
    this.watches.delete(name);
    return true;
  }

  list(): readonly NamedWatch[] {
    return [...this.watches.values()].map((e) => e.watch);
  }

  get(name: string): NamedWatch | undefined {
    return this.watches.get(name)?.watch;
  }

  /** Changes of every watch, oldest first. */
  get log(): readonly ZnodeChange[] {
    return this.history;
  }

  onChanges(listener: (batch: readonly ZnodeChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const name of [...this.watches.keys()]) this.remove(name);
    this.listeners.clear();
  }

  private deliver(batch: readonly ZnodeChange[]): void {
    this.history.push(...batch);
    if (this.history.length > this.logSize) this.history.splice(0, this.history.length - this.logSize);
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch {
        // One failing view must not starve the others.
      }
    }
  }
}
