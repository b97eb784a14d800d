import * as vscode from 'vscode';
import type { ClusterConfig } from '../../../core/clusters/clusterConfig';

/**
 * One row of the Znodes view. Each kind of row is its own class; the tree provider only
 * delegates. `id` is stable across refreshes (`<clusterId>:<path>` for znodes) so expansion
 * state and reveal survive reloads.
 */
export abstract class ExplorerNode {
  abstract readonly id: string;

  constructor(readonly parent: ExplorerNode | undefined) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): ExplorerNode[] | Promise<ExplorerNode[]> {
    return [];
  }
}

/** A row that stands for a znode: a cluster row stands for its root `/`. */
export interface ZnodeTarget {
  readonly cluster: ClusterConfig;
  readonly path: string;
}

export function isZnodeTarget(value: unknown): value is ZnodeTarget & ExplorerNode {
  return value instanceof ExplorerNode && 'cluster' in value && 'path' in value && typeof (value as { path: unknown }).path === 'string';
}

/** Context value tokens; package.json `when` clauses match them with regular expressions. */
export function contextValue(tokens: readonly (string | false | undefined)[]): string {
  return tokens.filter((t): t is string => typeof t === 'string' && t !== '').join(' ');
}
