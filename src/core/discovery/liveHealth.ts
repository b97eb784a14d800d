import { probeEnsemble } from '../ensemble/probe';
import { assessEnsemble } from '../health/model';
import { memberLine, summaryLine } from '../health/summary';
import type { EnsembleHealth, EnsembleSnapshot, MemberCondition } from '../health/types';

/** What a connect string's ensemble looks like right now, in the words the status bar uses. */
export interface LiveHealth {
  readonly connectString: string;
  /** Epoch ms of the probe this came from. */
  readonly checkedAt: number;
  /** `leader 2 · 3/3 · can lose 1`, or what is wrong first (src/core/health/summary.ts). */
  readonly summary: string;
  readonly quorum: boolean;
  readonly up: number;
  readonly total: number;
  readonly canLose: number;
  /** One line per member (`leader 127.0.0.1:2181 · zxid … · 0.1 ms avg`). */
  readonly memberLines: readonly string[];
  /** Members of the connect string that answered nothing: down or hung, with why. */
  readonly unreachable: readonly { readonly address: string; readonly condition: MemberCondition; readonly reason: string }[];
  /** The configured cluster whose background poll this came from; undefined when probed for this answer. */
  readonly polledAs?: string;
}

/**
 * The one thing discovery needs from health monitoring: a connect string in, its live health out.
 * Kept this narrow so a per-cluster health service can stand behind it later.
 */
export type HealthLookup = (connectString: string) => Promise<LiveHealth>;

export interface HealthLookupOptions {
  /** Budget per member for one probe (all members are asked at once). Default 1500 ms. */
  readonly timeoutMs?: number;
  /** How long an answer is reused. Default 10 s. */
  readonly ttlMs?: number;
  /** Connect strings remembered at most; the oldest answer goes first. Default 32. */
  readonly maxEntries?: number;
  readonly now?: () => number;
  /** How an ensemble is assessed; default: probeEnsemble (src/core/ensemble/probe.ts) + the health model. */
  readonly assess?: (connectString: string, timeoutMs: number) => Promise<EnsembleHealth>;
}

/** Probes every member once and runs the health model over the answers (no conf, no session). */
export async function assessByProbe(connectString: string, timeoutMs: number): Promise<EnsembleHealth> {
  const probe = await probeEnsemble(connectString, { timeoutMs });
  const probedAt = Date.now();
  const snapshot: EnsembleSnapshot = {
    connectString,
    takenAt: probe.startedAt,
    elapsedMs: probe.elapsedMs,
    members: probe.members.map((p) => ({
      target: { address: p.address, host: p.host, port: p.port, fromConnectString: true },
      probe: p,
      probedAt,
      conf: null,
      membership: null,
      connections: null,
      notes: [],
    })),
    dynamicConfig: null,
    dynamicConfigNote: null,
  };
  return assessEnsemble(snapshot);
}

export function liveHealthOf(health: EnsembleHealth, checkedAt: number, polledAs?: string): LiveHealth {
  const unreachable = health.members
    .filter((m) => m.fromConnectString && (m.condition === 'down' || m.condition === 'hung'))
    .map((m) => ({
      address: m.address,
      condition: m.condition,
      reason: m.reason ?? (m.condition === 'hung' ? 'no answer' : 'no connection'),
    }));
  return {
    connectString: health.connectString,
    checkedAt,
    summary: summaryLine(health),
    quorum: health.quorum,
    up: health.members.filter((m) => m.condition === 'up').length,
    total: health.members.length,
    canLose: health.canLose,
    memberLines: health.members.map(memberLine),
    unreachable,
    ...(polledAs === undefined ? {} : { polledAs }),
  };
}

/** The latest health a background poll holds for an ensemble (matched by its servers), if one is polled. */
export type PolledHealthSource = (connectString: string) => { readonly health: EnsembleHealth; readonly clusterName: string } | undefined;

/**
 * Answers from what is already polled (the status bar's cluster), and probes only ensembles
 * nobody polls: the lens and the status bar then say the same thing, from one poll, and a
 * watched ensemble is not asked twice.
 */
export function preferPolled(polled: PolledHealthSource, probe: HealthLookup): HealthLookup {
  return async (connectString) => {
    const hit = polled(connectString);
    if (!hit) return probe(connectString);
    const taken = Date.parse(hit.health.takenAt);
    return liveHealthOf(hit.health, Number.isFinite(taken) ? taken : Date.now(), hit.clusterName);
  };
}

/**
 * A HealthLookup with a cache: one probe per connect string per `ttlMs`, however many lenses,
 * hovers and diagnostics ask, and concurrent askers share the probe in flight. Rejects only for a
 * malformed connect string (ConnectStringError) or when the assessment overruns its deadline.
 */
export function createHealthLookup(options: HealthLookupOptions = {}): HealthLookup & { clear(): void } {
  const timeoutMs = options.timeoutMs ?? 1500;
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = Math.max(1, options.maxEntries ?? 32);
  const now = options.now ?? Date.now;
  const assess = options.assess ?? assessByProbe;
  const cache = new Map<string, { at: number; answer: Promise<LiveHealth> }>();
  // Members are asked at once, each within timeoutMs; the guard only catches a broken assessor.
  const deadlineMs = timeoutMs * 2 + 1000;

  const lookup = (connectString: string): Promise<LiveHealth> => {
    const key = connectString.trim();
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.answer;
    const at = now();
    let timer: NodeJS.Timeout | undefined;
    const answer = Promise.race([
      assess(key, timeoutMs).then((h) => liveHealthOf(h, now())),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no health answer within ${deadlineMs} ms`)), deadlineMs);
      }),
    ]).finally(() => clearTimeout(timer));
    answer.catch(() => {
      if (cache.get(key)?.answer === answer) cache.delete(key);
    });
    cache.delete(key);
    cache.set(key, { at, answer });
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return answer;
  };
  return Object.assign(lookup, { clear: () => cache.clear() });
}
