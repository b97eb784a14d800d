import * as vscode from 'vscode';
import { DataView, languageIdFor } from '../../core/znodes/codec';
import { ZkFileSystemProvider, zkUri } from '../fs/zkFileSystem';
import { Command } from './command';
import { ClusterChoices, Target, resolveTarget } from './context';
import type { Sessions } from './operations/services';

/** What opening a znode uses. */
export interface OpenServices {
  readonly connections: Sessions<unknown>;
  readonly fs: Pick<ZkFileSystemProvider, 'readState'>;
}

/**
 * Opens a znode as a document. Without a view the data's kind decides (text, JSON, or hex for
 * binary); the language follows the view, not the znode's name.
 */
export async function openZnode(s: OpenServices, target: Target, view: DataView | undefined, preview: boolean): Promise<vscode.TextEditor> {
  // Connect first so a failure reads as a connection problem, not as "cannot open file".
  await s.connections.connect(target.cluster.id);
  const uri = zkUri({ clusterId: target.cluster.id, path: target.path, view });
  const document = await vscode.workspace.openTextDocument(uri);
  const shown = s.fs.readState(uri)?.view ?? view ?? 'text';
  const language = languageIdFor(shown);
  const doc = document.languageId === language ? document : await vscode.languages.setTextDocumentLanguage(document, language);
  // A click in the tree previews and keeps the focus there, so browsing by keyboard goes on.
  return vscode.window.showTextDocument(doc, { preview, preserveFocus: preview });
}

export class OpenZnode implements Command {
  readonly id: string = 'zookeeper.openZnode';
  constructor(private readonly s: OpenServices & { readonly registry: ClusterChoices }) {}

  async run(arg?: unknown): Promise<vscode.Uri | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Znode to open');
    if (!target) return undefined;
    const editor = await openZnode(this.s, target, undefined, true);
    return editor.document.uri;
  }
}

/** "Open Data": the inline action of a znode row that has children (its click expands it). */
export class OpenZnodeData extends OpenZnode {
  override readonly id = 'zookeeper.openZnodeData';
}

/** Open as Text / JSON / Hex / Base64: the same znode in another view (its own document). */
export class OpenAs implements Command {
  readonly id: string;
  constructor(
    private readonly s: OpenServices & { readonly registry: ClusterChoices },
    private readonly view: DataView,
  ) {
    this.id = `zookeeper.openAs${view === 'json' ? 'Json' : view[0]!.toUpperCase() + view.slice(1)}`;
  }

  async run(arg?: unknown): Promise<vscode.Uri | undefined> {
    const target = await resolveTarget(this.s.registry, arg, `Znode to open as ${this.view}`);
    if (!target) return undefined;
    const editor = await openZnode(this.s, target, this.view, false);
    return editor.document.uri;
  }
}
