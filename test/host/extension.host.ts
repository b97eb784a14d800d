import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostSuite } from './suite';

const EXTENSION_ID = 'zookeeper-ops.zookeeper-ops';

export const suite: HostSuite = {
  name: 'extension',
  tests: {
    'activates and registers its commands': async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not loaded`);
      await extension.activate();
      assert.equal(extension.isActive, true);
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['zookeeper.showEnsemble', 'zookeeper.addCluster']) {
        assert.ok(commands.includes(id), `command ${id} is not registered`);
      }
    },
    'contributes the zoocfg language': async () => {
      const languages = await vscode.languages.getLanguages();
      assert.ok(languages.includes('zoocfg'));
    },
  },
};
