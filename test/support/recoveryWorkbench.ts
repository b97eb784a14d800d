import { EnsembleWorkbench } from './ensembleWorkbench';
import { ControlServer, startControlServer } from './memberControl';

/**
 * What the recovery e2e tests run on: a 3-member testbed, a control server that starts and stops
 * its members, and the packaged extension in code-server with one cluster whose control commands
 * go through that server.
 */
export class RecoveryWorkbench extends EnsembleWorkbench {
  control: ControlServer | undefined;

  async start(clusterName: string, settings: Record<string, unknown> = {}): Promise<void> {
    await this.launch(async (bed) => {
      const control = await startControlServer(bed);
      this.control = control;
      this.alsoStop(() => control.close());
      const template = control.template();
      return {
        settings: {
          'zookeeper.clusters': [
            {
              name: clusterName,
              connectString: bed.connectString,
              control: { start: template, stop: template, restart: template, timeoutSeconds: 60 },
            },
          ],
          // Runbooks read every check: give busy members time to answer mntr and conf.
          'zookeeper.health.pollIntervalSeconds': 1,
          'zookeeper.health.probeTimeoutMs': 3000,
          'zookeeper.recovery.verifyTimeoutSeconds': 60,
          ...settings,
        },
      };
    });
  }
}
