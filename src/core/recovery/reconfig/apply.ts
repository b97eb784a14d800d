import { probeMember } from '../../ensemble/probe';
import { viewFromDynamicConfig } from '../../health/membership';
import type { HealthReport } from '../../health/report';
import { isZkError } from '../../zk/errors';
import type { ZkSession } from '../../zk/session';
import type { ConfMember } from '../../ensemble/parsers/conf';
import { MembershipChange } from './changes';
import { ReconfigPlan, planReconfig } from './plan';

/*
 * Reading the current dynamic config, planning against it, and applying the change through the
 * session's reconfig, conditional on the version read. A reply lost on the way (removing the
 * leader drops our connection although the change commits) is settled by reading the config
 * again: applied, not applied, or changed by someone else — never sent twice.
 */

export interface CurrentConfig {
  readonly members: readonly ConfMember[];
  /** Hex, without 0x. */
  readonly version: string;
  readonly text: string;
}

export async function readConfig(session: ZkSession): Promise<CurrentConfig> {
  await session.sync('/zookeeper/config').catch(() => undefined);
  const { data } = await session.get('/zookeeper/config');
  const text = data.toString('utf8');
  const view = viewFromDynamicConfig(text);
  if (!view || !view.version)
    throw new Error(
      '/zookeeper/config lists no servers: dynamic reconfig needs ZooKeeper 3.5+ with reconfigEnabled=true and server lines in the dynamic form',
    );
  return { members: view.members, version: view.version.replace(/^0x/i, ''), text };
}

/** Whether each server being added answers now as a learner (non-voting follower or observer). */
export async function probeAdded(changes: readonly MembershipChange[], timeoutMs = 1500): Promise<Map<number, boolean>> {
  const added = changes.flatMap((c) => (c.kind === 'add' ? [c.member] : []));
  const entries = await Promise.all(
    added.map(async (m) => {
      const client = m.clientAddress ?? '';
      const colon = client.lastIndexOf(':');
      const host = colon > 0 ? client.slice(0, colon).replace(/^\[|\]$/g, '') : m.host;
      const port = Number(colon >= 0 ? client.slice(colon + 1) : client);
      if (!(port > 0)) return [m.id, false] as const;
      const probe = await probeMember({ host: host === '0.0.0.0' ? m.host : host, port }, { timeoutMs, monitor: false, adminPort: null });
      return [m.id, probe.state === 'follower' || probe.state === 'observer'] as const;
    }),
  );
  return new Map(entries);
}

export async function planFromEnsemble(
  session: ZkSession,
  changes: readonly MembershipChange[],
  report: HealthReport,
): Promise<{ config: CurrentConfig; plan: ReconfigPlan }> {
  const config = await readConfig(session);
  const plan = planReconfig(config.members, config.version, changes, report, await probeAdded(changes));
  return { config, plan };
}

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly version: string; readonly config: string; readonly note?: string }
  | { readonly status: 'not-applied'; readonly reason: string }
  | { readonly status: 'unknown'; readonly reason: string };

const sameMembers = (a: readonly ConfMember[], b: readonly ConfMember[]): boolean =>
  a.length === b.length && a.every((m) => b.some((x) => x.id === m.id && x.spec === m.spec));

/** Sends the reconfig conditional on `plan.version`; resolves how it ended. Rejects only on errors that say nothing was applied. */
export async function applyReconfig(session: ZkSession, plan: ReconfigPlan): Promise<ApplyOutcome> {
  try {
    const result = await session.reconfig({
      joining: [...plan.joining],
      leaving: [...plan.leaving],
      fromConfigVersion: BigInt(`0x${plan.version}`),
    });
    const view = viewFromDynamicConfig(result.config);
    return { status: 'applied', version: view?.version ?? '?', config: result.config };
  } catch (err) {
    if (
      !isZkError(err) ||
      err.mayHaveApplied === false ||
      !['CONNECTIONLOSS', 'OPERATIONTIMEOUT', 'SESSIONEXPIRED', 'CANCELLED'].includes(err.name)
    )
      throw err;
    // The reply was lost: the config tells whether it committed.
    let after: CurrentConfig;
    try {
      await session.waitFor('connected', { timeoutMs: 15_000 });
      after = await readConfig(session);
    } catch (readErr) {
      return {
        status: 'unknown',
        reason: `${err.name} and the config could not be read again (${readErr instanceof Error ? readErr.message : String(readErr)}): check /zookeeper/config before retrying`,
      };
    }
    if (after.version === plan.version)
      return { status: 'not-applied', reason: `${err.name}: the config is still version ${plan.version}` };
    if (sameMembers(after.members, plan.members))
      return {
        status: 'applied',
        version: after.version,
        config: after.text,
        note: `the reply was lost (${err.name}), the config read again shows the change`,
      };
    return {
      status: 'unknown',
      reason: `${err.name}; the config changed to version ${after.version} but not as planned: someone else reconfigured meanwhile`,
    };
  }
}
