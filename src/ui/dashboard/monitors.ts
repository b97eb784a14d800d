import { ClusterConfig, adminPortsFor } from '../../core/clusters/clusterConfig';
import type { ClusterMonitor } from '../../core/health/monitorApi';
import { HealthPoller } from '../../core/health/poller';
import { PollerMonitor } from '../../core/health/pollerMonitor';
import { readHealthSettings } from '../health/settings';

/** A monitor in use by a panel; `release` says the panel no longer needs it. */
export interface MonitorLease {
  readonly monitor: ClusterMonitor;
  release(): void;
}

/** Where the dashboard gets a cluster's monitor. The health service provides it once merged. */
export interface MonitorProvider {
  acquire(cluster: ClusterConfig): MonitorLease;
}

interface Entry {
  readonly poller: HealthPoller;
  readonly monitor: PollerMonitor;
  users: number;
}

/**
 * TEMPORARY (until the per-cluster health service): one HealthPoller per cluster a dashboard shows,
 * shared by that cluster's panels and stopped when the last one closes.
 */
export class PollerMonitorProvider implements MonitorProvider {
  private readonly entries = new Map<string, Entry>();

  acquire(cluster: ClusterConfig): MonitorLease {
    let entry = this.entries.get(cluster.id);
    if (!entry) {
      const settings = readHealthSettings();
      const poller = new HealthPoller({
        connectString: cluster.connectString,
        adminPorts: adminPortsFor(cluster),
        intervalMs: settings.intervalMs,
        timeoutMs: settings.probeTimeoutMs,
        thresholds: settings.thresholds,
      });
      entry = { poller, monitor: new PollerMonitor(cluster.id, poller), users: 0 };
      this.entries.set(cluster.id, entry);
      poller.start();
    }
    entry.users++;
    const held = entry;
    let released = false;
    return {
      monitor: held.monitor,
      release: () => {
        if (released) return;
        released = true;
        if (--held.users > 0) return;
        held.monitor.dispose();
        held.poller.dispose();
        this.entries.delete(cluster.id);
      },
    };
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      entry.monitor.dispose();
      entry.poller.dispose();
    }
    this.entries.clear();
  }
}
