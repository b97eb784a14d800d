import * as vscode from 'vscode';
import type { SearchMatch, SearchProgress, SearchSummary } from '../../core/znodes/search';
import type { TreeDiff } from '../../core/znodes/treeDiff';
import { DiffResultsNode, DiffSideInfo, SearchResultsNode } from '../explorer/results/resultNodes';
import type { ResultsView } from '../explorer/results/resultsView';
import type { SnapshotStore } from '../fs/snapshots';
import type { SearchListing } from './operations/search';
import type { Choice, Confirmation, Files, OperationPrompts, Progress } from './operations/services';

/* The operations' narrow services (operations/services.ts) over the editor's API. */

/** An AbortSignal that fires when the progress notification's Cancel is pressed. */
export function abortOn(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** Work under a cancellable progress notification. */
export const notificationProgress: Progress = {
  run: (title, task) =>
    Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
        task((message) => progress.report({ message }), abortOn(token)),
      ),
    ),
};

/**
 * Modal questions. A fresh object per explorer: host tests replace its methods to answer the way a
 * user would (as they do the file system's confirmInvalidJson and recovery's prompts).
 */
export function modalPrompts(): OperationPrompts {
  return {
    async confirm(question: Confirmation): Promise<boolean> {
      const answer = await vscode.window.showWarningMessage(
        question.message,
        { modal: true, ...(question.detail ? { detail: question.detail } : {}) },
        question.button,
      );
      return answer === question.button;
    },
    async choose<T extends string>(question: Choice<T>): Promise<T | undefined> {
      return vscode.window.showWarningMessage(
        question.message,
        { modal: true, ...(question.detail ? { detail: question.detail } : {}) },
        ...question.buttons,
      );
    },
  };
}

/** Local files through the editor's file system API. */
export const workspaceFiles: Files = {
  read: async (path) => vscode.workspace.fs.readFile(vscode.Uri.file(path)),
  write: async (path, bytes) => vscode.workspace.fs.writeFile(vscode.Uri.file(path), bytes),
};

/** The import's dry run, as a read-only document next to the confirmation. */
export function importPreview(snapshots: SnapshotStore): {
  show(clusterId: string, root: string, lines: readonly string[]): Promise<void>;
} {
  return {
    async show(clusterId, root, lines) {
      const preview = snapshots.put(clusterId, `${root === '/' ? '' : root}/(import preview)`, `${lines.join('\n')}\n`);
      await vscode.window.showTextDocument(preview, { preview: true });
    },
  };
}

/** Search and diff result sets in the Results view. */
export function resultSets(results: ResultsView) {
  return {
    async startSearch(cluster: { id: string; name: string }, root: string, label: string): Promise<SearchListing> {
      const node = new SearchResultsNode(cluster.id, cluster.name, root, label);
      await results.add(node);
      return {
        add(batch: readonly SearchMatch[]) {
          node.matches.push(...batch);
          results.update(node);
        },
        progress(progress: SearchProgress) {
          node.progress = progress;
          results.update(node);
        },
        fail(message: string) {
          node.error = message;
          results.update(node);
        },
        finish(summary: SearchSummary) {
          node.summary = summary;
          results.update(node);
          results.flush();
        },
        paths: () => node.matches.map((m) => m.path),
      };
    },
    async showDiff(diff: TreeDiff, left: DiffSideInfo, right: DiffSideInfo): Promise<DiffResultsNode> {
      const node = new DiffResultsNode(diff, left, right);
      await results.add(node);
      return node;
    },
  };
}
