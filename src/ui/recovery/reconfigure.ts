import * as vscode from 'vscode';
import { parseConnectString } from '../../core/connectString';
import { applyReconfig, planFromEnsemble, readConfig } from '../../core/recovery/reconfig/apply';
import { ChangeSyntaxError } from '../../core/recovery/reconfig/changes';
import { planReconfigRunbook } from '../../core/recovery/reconfig/runbook';
import { isZkError } from '../../core/zk/errors';
import { ZkSession } from '../../core/zk/session';
import type { DigestCredentials } from '../clusters';
import type { RunbookRun } from './run';
import { RecoveryRefusal, RecoveryService } from './service';
import { verifyTimeoutMs } from './settings';

/*
 * "Reconfigure Ensemble…": one membership change by dynamic reconfig, run as a runbook (dry run as
 * evidence, consent, the change conditional on the config version read first, the config read
 * again). The user allowed to reconfig lives in the editor's secret storage only.
 */

const secretKey = (clusterId: string): string => `zookeeper.cluster.${clusterId}.reconfigUser`;

export class ReconfigureCommandFlow {
  constructor(
    private readonly recovery: RecoveryService,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  private async user(clusterId: string, clusterName: string): Promise<DigestCredentials | undefined> {
    const raw = await this.secrets.get(secretKey(clusterId));
    if (raw) {
      try {
        const parsed = JSON.parse(raw) as Partial<DigestCredentials>;
        if (typeof parsed.user === 'string' && typeof parsed.password === 'string') return { user: parsed.user, password: parsed.password };
      } catch {
        // unreadable: ask again
      }
    }
    const asked = await this.recovery.prompts.reconfigUser(clusterName);
    if (asked) await this.secrets.store(secretKey(clusterId), JSON.stringify(asked));
    return asked;
  }

  /** Forgets the stored reconfig user of a cluster (after the ensemble refused it). */
  forget(clusterId: string): Thenable<void> {
    return this.secrets.delete(secretKey(clusterId));
  }

  async run(clusterId?: string): Promise<RunbookRun | undefined> {
    const { cluster, monitor } = await this.recovery.monitored(clusterId);
    const credentials = await this.user(cluster.id, cluster.name);
    if (!credentials) return undefined;
    // /zookeeper/config is absolute: a chroot in the connect string does not apply to it.
    const root = parseConnectString(cluster.connectString)
      .servers.map((s) => `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`)
      .join(',');
    const session = await ZkSession.connect(root, {
      auth: [{ scheme: 'digest', auth: `${credentials.user}:${credentials.password}` }],
      connectTimeoutMs: 10_000,
      requestTimeoutMs: 15_000,
    });
    let started = false;
    try {
      const config = await readConfig(session);
      const changes = await this.recovery.prompts.reconfigChanges(cluster.name, config.members);
      if (!changes) return undefined;
      const report = await this.recovery.observe(monitor);
      let planned;
      try {
        planned = await planFromEnsemble(session, changes, report);
      } catch (err) {
        if (err instanceof ChangeSyntaxError) throw new RecoveryRefusal(`Reconfigure ${cluster.name}: ${err.message}`);
        throw err;
      }
      const { plan } = planned;
      const runbook = planReconfigRunbook(plan, {
        apply: async () => {
          try {
            return await applyReconfig(session, plan);
          } catch (err) {
            if (!isZkError(err, 'NOAUTH')) throw err;
            await this.forget(cluster.id);
            throw new Error(
              `NOAUTH: ${credentials.user} may not reconfig ${cluster.name}; the stored user was forgotten, you will be asked again. Nothing was changed.`,
              { cause: err },
            );
          }
        },
        readConfig: () => readConfig(session),
        report,
        verifyTimeoutMs: verifyTimeoutMs(),
        user: credentials.user,
      });
      const run = await this.recovery.start(cluster, monitor, runbook, null, () => session.close());
      started = true;
      return run;
    } finally {
      if (!started) await session.close();
    }
  }
}
