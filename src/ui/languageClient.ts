import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** Language id contributed in package.json for zoo.cfg and its dynamic files. */
export const ZOOCFG_LANGUAGE_ID = 'zoocfg';

/**
 * Starts the zoo.cfg language server (dist/server.js, forked over IPC) and returns a disposable
 * that stops it. The server starts in the background; failures are logged to its output channel
 * instead of failing activation.
 */
export function startLanguageClient(context: vscode.ExtensionContext): vscode.Disposable {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: ZOOCFG_LANGUAGE_ID, scheme: 'file' },
      { language: ZOOCFG_LANGUAGE_ID, scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'zookeeper.zoocfg' },
  };
  const client = new LanguageClient('zoocfg', 'ZooKeeper zoo.cfg', serverOptions, clientOptions);
  const started = client.start().catch((err: unknown) => {
    client.outputChannel.appendLine(`zoo.cfg language server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  });
  return new vscode.Disposable(() => {
    void started.then(() => (client.isRunning() ? client.stop() : undefined)).catch(() => undefined);
  });
}
