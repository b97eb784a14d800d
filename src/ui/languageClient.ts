import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** Language id contributed in package.json for zoo.cfg and its dynamic files. */
export const ZOOCFG_LANGUAGE_ID = 'zoocfg';

function createClient(context: vscode.ExtensionContext): LanguageClient {
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
  return new LanguageClient('zoocfg', 'ZooKeeper zoo.cfg', serverOptions, clientOptions);
}

/**
 * Starts the zoo.cfg language server (dist/server.js, forked over IPC) once a zoocfg document is
 * open, so sessions that never touch a zoo.cfg spawn no process. The returned disposable stops it.
 * Start-up failures go to the client's output channel instead of failing activation.
 */
export function startLanguageClient(context: vscode.ExtensionContext): vscode.Disposable {
  let client: LanguageClient | undefined;
  let started: Promise<void> = Promise.resolve();
  const start = (): void => {
    if (client) return;
    const c = createClient(context);
    client = c;
    started = c.start().catch((err: unknown) => {
      c.outputChannel.appendLine(`zoo.cfg language server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  const isZooCfg = (doc: vscode.TextDocument): boolean => doc.languageId === ZOOCFG_LANGUAGE_ID;
  const listener = vscode.workspace.onDidOpenTextDocument((doc) => {
    if (isZooCfg(doc)) start();
  });
  if (vscode.workspace.textDocuments.some(isZooCfg)) start();
  return new vscode.Disposable(() => {
    listener.dispose();
    const c = client;
    if (c) void started.then(() => (c.isRunning() ? c.stop() : undefined)).catch(() => undefined);
  });
}
