import * as vscode from 'vscode';
import { Thresholds, thresholdsFrom } from '../../core/health/checks';
import { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS } from '../../core/health/poller';
import { DEFAULT_MAX_MONITORED, DEFAULT_UNFOCUSED_INTERVAL_MS } from '../../core/health/service';

/** The `zookeeper.health.*` settings, validated (settings are untrusted input). */
export interface HealthSettings {
  readonly intervalMs: number;
  /** Interval while the window is unfocused (the service never goes faster than `intervalMs`). */
  readonly unfocusedIntervalMs: number;
  /** Clusters polled at once, the active one first. */
  readonly maxMonitored: number;
  /** Probe budget per member; undefined lets the poller derive it from the interval. */
  readonly probeTimeoutMs: number | undefined;
  readonly notifications: boolean;
  readonly thresholds: Thresholds;
}

export const HEALTH_SECTION = 'zookeeper.health';

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function readHealthSettings(): HealthSettings {
  const config = vscode.workspace.getConfiguration(HEALTH_SECTION);
  const seconds = finite(config.get<unknown>('pollIntervalSeconds'), DEFAULT_INTERVAL_MS / 1000);
  const unfocused = finite(config.get<unknown>('unfocusedIntervalMs'), DEFAULT_UNFOCUSED_INTERVAL_MS);
  const timeout = finite(config.get<unknown>('probeTimeoutMs'), 0);
  return {
    intervalMs: Math.max(MIN_INTERVAL_MS, Math.round(seconds * 1000)),
    unfocusedIntervalMs: Math.max(MIN_INTERVAL_MS, Math.round(unfocused)),
    maxMonitored: Math.max(1, Math.floor(finite(config.get<unknown>('maxMonitoredClusters'), DEFAULT_MAX_MONITORED))),
    probeTimeoutMs: timeout > 0 ? Math.max(100, Math.round(timeout)) : undefined,
    notifications: config.get<unknown>('notifications') !== false,
    thresholds: thresholdsFrom(config.get<unknown>('thresholds')),
  };
}
