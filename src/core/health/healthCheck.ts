import { performance } from 'node:perf_hooks';
import { ConnectString, parseConnectString } from '../connectString';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../ensemble/probe';
import type { TlsClient } from '../tls/client';
import { Thresholds } from './checks';
import { DynamicConfigSource } from './dynamicConfig';
import { MemberSet } from './members';
import { assessEnsemble } from './model';
import { HealthReport, buildReport } from './report';
import { snapshotMember, takeSnapshot } from './snapshot';
import { EnsembleSnapshot } from './types';

export interface HealthCheckOptions {
  /** Budget per member per round; default the probe's 1500 ms. */
  readonly timeoutMs?: number;
  /** AdminServer ports in connect-string order, as `zkops probe --admin-ports`. */
  readonly adminPorts?: readonly (number | null | undefined)[];
  /** Read /zookeeper/config over a session as one more membership view. Default true. */
  readonly readDynamicConfig?: boolean;
  readonly auth?: readonly { scheme: string; auth: string }[];
  readonly thresholds?: Thresholds;
  /** TLS for the members' secure client ports and an HTTPS AdminServer. */
  readonly tls?: TlsClient;
}

/**
 * One bounded health check: a round over the connect string's members (probe, conf, cons) with
 * /zookeeper/config read beside it, then one more round for members the membership reveals
 * (reconfig-style client addresses). Takes at most about two member timeouts, whatever hangs.
 * Throws ConnectStringError for a bad connect string; otherwise never rejects.
 */
export async function runHealthCheck(connect: string | ConnectString, options: HealthCheckOptions = {}): Promise<HealthReport> {
  const parsed = typeof connect === 'string' ? parseConnectString(connect) : connect;
  const connectString = typeof connect === 'string' ? connect.trim() : parsed.servers.map((s) => `${s.host}:${s.port}`).join(',');
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const members = new MemberSet(parsed, options.adminPorts);
  const source = options.readDynamicConfig === false ? undefined : new DynamicConfigSource(parsed.servers, options.auth, options.tls);
  const started = performance.now();
  try {
    const extras = { timeoutMs, membership: true, connections: true, tls: options.tls };
    let snapshot: EnsembleSnapshot = await takeSnapshot(connectString, members.targets, {
      ...extras,
      readDynamicConfig: source ? (ms) => source.read(ms) : undefined,
    });
    const discovered = members.follow(assessEnsemble(snapshot).membership.agreed).added;
    if (discovered.length > 0) {
      const more = await Promise.all(discovered.map((t) => snapshotMember(t, extras)));
      snapshot = { ...snapshot, members: [...snapshot.members, ...more], elapsedMs: Math.round((performance.now() - started) * 10) / 10 };
    }
    return buildReport(snapshot, { thresholds: options.thresholds, connectionsFetched: true });
  } finally {
    await source?.close();
  }
}
