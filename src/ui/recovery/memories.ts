import type { Memento } from 'vscode';
import type { HealthService } from '../../core/health/service';
import { EnsembleMemory, EnsembleMemoryData } from '../../core/recovery/memory';

/*
 * The ensemble memory of every cluster (members' ids, roles and last zxids while they served, the
 * persistent znode count), fed from the reports the health service's monitors already make: no
 * probing of our own. Kept in the extension's global state, so a member that went down before the
 * editor started is still known by id and zxid. It holds nothing secret.
 */

const KEY = 'zookeeper.recovery.memory';
const SAVE_EVERY_MS = 15_000;

export class EnsembleMemories {
  private readonly memories = new Map<string, EnsembleMemory>();
  /** Monitors subscribed to, by cluster id, with their unsubscribe. */
  private readonly followed = new Map<string, { monitor: object; off: () => void }>();
  private readonly offService: () => void;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: HealthService,
    private readonly state: Memento,
  ) {
    const saved = state.get<Record<string, EnsembleMemoryData>>(KEY) ?? {};
    for (const [id, data] of Object.entries(saved)) {
      if (data && typeof data === 'object' && typeof data.members === 'object') this.memories.set(id, new EnsembleMemory(data));
    }
    this.offService = service.onDidChange(() => this.follow());
    this.follow();
  }

  /** The memory of a cluster (empty until its first report). */
  of(clusterId: string): EnsembleMemory {
    let memory = this.memories.get(clusterId);
    if (!memory) {
      memory = new EnsembleMemory();
      this.memories.set(clusterId, memory);
    }
    return memory;
  }

  /** Subscribes to every monitor the service has now; drops those of removed clusters. */
  private follow(): void {
    const monitors = this.service.all();
    const ids = new Set(monitors.map((m) => m.clusterId));
    for (const [id, f] of this.followed) {
      if (ids.has(id) && this.service.get(id) === f.monitor) continue;
      f.off();
      this.followed.delete(id);
    }
    for (const monitor of monitors) {
      if (this.followed.has(monitor.clusterId)) continue;
      const off = monitor.onReport((report) => {
        this.of(monitor.clusterId).observe(report);
        this.scheduleSave();
      });
      this.followed.set(monitor.clusterId, { monitor, off });
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, SAVE_EVERY_MS);
  }

  private save(): Thenable<void> {
    const data: Record<string, EnsembleMemoryData> = {};
    for (const [id, memory] of this.memories) data[id] = memory.toJSON();
    return this.state.update(KEY, data);
  }

  dispose(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.offService();
    for (const f of this.followed.values()) f.off();
    this.followed.clear();
    void this.save();
  }
}
