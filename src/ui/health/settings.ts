import * as vscode from 'vscode';
import { Thresholds, thresholdsFrom } from '../../core/health/checks';
import { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS } from '../../core/health/poller';

/** The `zookeeper.health.*` settings, validated (settings are untrusted input). */
export interface HealthSettings {
  readonly intervalMs: number;
  /** Probe budget per member; undefined lets the poller derive it from the interval. */
  readonly probeTimeoutMs: number | undefined;
  /** Stop polling after the window has been unfocused this long; 0 never stops. */
  readonly pauseWhenUnfocusedMs: number;
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
  const minutes = finite(config.get<unknown>('pauseWhenUnfocusedMinutes'), 10);
  const timeout = finite(config.get<unknown>('probeTimeoutMs'), 0);
  return {
    intervalMs: Math.max(MIN_INTERVAL_MS, Math.round(seconds * 1000)),
    probeTimeoutMs: timeout > 0 ? Math.max(100, Math.round(timeout)) : undefined,
    pauseWhenUnfocusedMs: Math.max(0, minutes) * 60_000,
    notifications: config.get<unknown>('notifications') !== false,
    thresholds: thresholdsFrom(config.get<unknown>('thresholds')),
  };
}
