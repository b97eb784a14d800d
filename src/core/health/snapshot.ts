import { performance } from 'node:perf_hooks';
import { adminCommand, askAdmin } from '../ensemble/adminServer';
import { askFourLetterWord } from '../ensemble/fourLetterWordClient';
import { MemberProbe, whyNot } from '../ensemble/memberProbe';
import { ServerConf } from '../ensemble/parsers/conf';
import { ConnectionList } from '../ensemble/parsers/cons';
import { probeMember } from '../ensemble/probe';
import type { TlsClient } from '../tls/client';
import { viewFromConf, viewFromDynamicConfig, viewFromVotingView } from './membership';
import { EnsembleSnapshot, MemberSnapshot, MemberTarget, MembershipView } from './types';

export interface MemberSnapshotOptions {
  /** Budget for this member, every request included: a hung member costs exactly this. */
  readonly timeoutMs: number;
  /** Also fetch conf (membership, limits), or AdminServer configuration + voting_view. */
  readonly membership?: boolean;
  /** Also fetch cons (per-client connections), for the health check's per-IP limit check. */
  readonly connections?: boolean;
  /** Fetch mntr / AdminServer monitor. Default true. */
  readonly monitor?: boolean;
  /** Parse only these mntr keys (the poller's cheap path); default every key. */
  readonly monitorKeys?: ReadonlySet<string>;
  /** Four-letter words over TLS, the AdminServer over HTTPS. */
  readonly tls?: TlsClient;
}

/** Reads /zookeeper/config within `timeoutMs`; resolves to its text, or rejects with why not. */
export type DynamicConfigReader = (timeoutMs: number) => Promise<string>;

export interface SnapshotOptions extends MemberSnapshotOptions {
  readonly readDynamicConfig?: DynamicConfigReader;
}

/** Only members that answered about themselves are asked the extras; a down or hung one has nothing to add. */
function worthAsking(probe: MemberProbe): boolean {
  return probe.answered;
}

/**
 * Probes one member (probe.ts: srvr, mntr, AdminServer fallback, TCP) and then, in what is left of
 * its budget, the extras: conf for its membership view and limits, cons for per-client counts.
 * They run after the probe, never beside it, so the probe's own connection count stays exact.
 * Never rejects.
 */
export async function snapshotMember(target: MemberTarget, options: MemberSnapshotOptions): Promise<MemberSnapshot> {
  const started = performance.now();
  const left = (): number => Math.max(0, options.timeoutMs - (performance.now() - started));
  const probe = await probeMember(
    { host: target.host, port: target.port },
    {
      timeoutMs: options.timeoutMs,
      adminPort: target.adminPort,
      monitor: options.monitor !== false,
      monitorKeys: options.monitorKeys,
      tls: options.tls,
    },
  );
  const notes: string[] = [];
  let conf: ServerConf | null = null;
  let membership: MembershipView | null = null;
  let connections: ConnectionList | null = null;
  if (worthAsking(probe) && (options.membership || options.connections)) {
    const [confOutcome, consOutcome] = await Promise.all([
      options.membership ? askFourLetterWord(target.host, target.port, 'conf', { timeoutMs: left(), tls: options.tls }) : undefined,
      options.connections ? askFourLetterWord(target.host, target.port, 'cons', { timeoutMs: left(), tls: options.tls }) : undefined,
    ]);
    if (confOutcome?.status === 'ok') {
      conf = confOutcome.value;
      membership = viewFromConf(conf, probe.address);
    } else if (confOutcome) {
      notes.push(`conf: ${whyNot(confOutcome)}`);
    }
    if (consOutcome?.status === 'ok') connections = consOutcome.value;
    else if (consOutcome) notes.push(`cons: ${whyNot(consOutcome)}`);
    const adminPort = probe.adminPort;
    if (adminPort !== null && left() > 5 && (conf === null || (options.connections && connections === null))) {
      const timeout = { timeoutMs: left(), tls: options.tls };
      const [configuration, votingView, adminConnections] = await Promise.all([
        options.membership && conf === null ? askAdmin(target.host, adminPort, 'configuration', timeout) : undefined,
        options.membership && conf === null ? adminCommand(target.host, adminPort, 'voting_view', timeout) : undefined,
        options.connections && connections === null ? askAdmin(target.host, adminPort, 'connections', timeout) : undefined,
      ]);
      if (configuration?.status === 'ok') conf = configuration.value;
      else if (configuration) notes.push(`AdminServer configuration: ${whyNot(configuration)}`);
      if (votingView?.status === 'ok') membership = viewFromVotingView(votingView.value, probe.address);
      else if (votingView) notes.push(`AdminServer voting_view: ${whyNot(votingView)}`);
      if (adminConnections?.status === 'ok') connections = adminConnections.value;
      else if (adminConnections) notes.push(`AdminServer connections: ${whyNot(adminConnections)}`);
    }
  }
  return { target, probe, probedAt: Date.now(), conf, membership, connections, notes };
}

/** Reads /zookeeper/config with a deadline; never rejects. */
export async function readDynamicView(
  read: DynamicConfigReader,
  timeoutMs: number,
): Promise<{ view: MembershipView | null; note: string | null }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const text = await Promise.race([
      read(timeoutMs),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs + 50);
      }),
    ]);
    const view = viewFromDynamicConfig(text);
    return { view, note: view ? null : '/zookeeper/config lists no servers (static config before 3.5, or standalone)' };
  } catch (err) {
    return { view: null, note: `/zookeeper/config: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One round over every target at once, plus /zookeeper/config when a reader is given: the round
 * takes about one `timeoutMs` however many members hang. Never rejects.
 */
export async function takeSnapshot(
  connectString: string,
  targets: readonly MemberTarget[],
  options: SnapshotOptions,
): Promise<EnsembleSnapshot> {
  const takenAt = new Date().toISOString();
  const started = performance.now();
  const [members, dynamic] = await Promise.all([
    Promise.all(targets.map((t) => snapshotMember(t, options))),
    options.readDynamicConfig ? readDynamicView(options.readDynamicConfig, options.timeoutMs) : Promise.resolve({ view: null, note: null }),
  ]);
  return {
    connectString,
    takenAt,
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    members,
    dynamicConfig: dynamic.view,
    dynamicConfigNote: dynamic.note,
  };
}
