import { HealthPoller } from '../health/poller';
import type { HealthReport } from '../health/report';

/*
 * Where runbooks read the ensemble's state. The editor hands in its cluster monitor's poller (the
 * same reports the status bar shows); the CLI makes one here. A poller remembers each member's last
 * conf, so a member that goes down mid-run keeps its id.
 */

export interface HealthSource {
  /** Probes every member now and resolves with the report. */
  observe(): Promise<HealthReport>;
  dispose(): void;
}

/** Reads through an existing poller (started or not); disposing it is left to its owner. */
export function pollerSource(poller: HealthPoller): HealthSource {
  return {
    async observe() {
      // A report changes membership on its first rounds (members discovered from conf): the first
      // pollNow may return none yet.
      for (let i = 0; i < 3; i++) {
        const report = await poller.pollNow();
        if (report) return report;
      }
      throw new Error('no health report: the members could not be probed');
    },
    dispose: () => undefined,
  };
}

/** A poller of its own, never started (no background rounds): each `observe` is one round. */
export function ownHealthSource(
  connectString: string,
  options: { timeoutMs?: number; auth?: readonly { scheme: string; auth: string }[] } = {},
): HealthSource {
  const poller = new HealthPoller({
    connectString,
    timeoutMs: options.timeoutMs ?? 1500,
    metricKeys: 'all',
    readDynamicConfig: false,
    auth: options.auth,
  });
  const source = pollerSource(poller);
  return { observe: () => source.observe(), dispose: () => poller.dispose() };
}
