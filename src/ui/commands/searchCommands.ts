import * as vscode from 'vscode';
import { SearchQuery, SearchSummary, compileQuery, searchTree } from '../../core/znodes/search';
import { SearchResultsNode } from '../explorer/results/resultNodes';
import { Command } from './command';
import { ExplorerContext, resolveTarget, sessionOf } from './context';
import { abortOn } from './writeCommands';

const KINDS = [
  { label: 'Name (glob)', description: '*, ?, [abc]; e.g. lock-*', by: 'glob' as const },
  { label: 'Name (regular expression)', description: 'e.g. ^worker-\\d+$', by: 'nameRegex' as const },
  { label: 'Path (glob)', description: 'matched against the path below the root, e.g. */config', by: 'pathGlob' as const },
  { label: 'Data contains text', description: 'exact bytes, case-sensitive', by: 'text' as const },
  { label: 'Data contains text, any case', description: 'case-insensitive', by: 'textAnyCase' as const },
  { label: 'Data (regular expression)', description: 'matched against the data as UTF-8', by: 'dataRegex' as const },
];

type Kind = (typeof KINDS)[number]['by'];

/** The query for a kind and a pattern; throws (via compileQuery) on a bad regular expression. */
export function queryFor(kind: Kind, pattern: string): SearchQuery {
  switch (kind) {
    case 'glob':
      return { name: { glob: pattern } };
    case 'nameRegex':
      return { name: { regex: pattern } };
    case 'pathGlob':
      return { name: { glob: pattern }, matchPath: true };
    case 'text':
      return { data: { text: pattern } };
    case 'textAnyCase':
      return { data: { text: pattern, caseSensitive: false } };
    case 'dataRegex':
      return { data: { regex: pattern } };
  }
}

function problem(kind: Kind, pattern: string): string | undefined {
  if (!pattern) return 'A pattern is required.';
  try {
    compileQuery(queryFor(kind, pattern));
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Searches a subtree by name or data. Matches stream into the Results view while the walk runs;
 * the progress notification shows nodes visited and has Cancel.
 */
export class Search implements Command {
  readonly id = 'zookeeper.search';
  constructor(private readonly ctx: ExplorerContext) {}

  async run(arg?: unknown): Promise<{ matched: number; paths: string[]; summary: SearchSummary } | undefined> {
    const scripted =
      typeof arg === 'object' && arg !== null && 'query' in arg
        ? (arg as { clusterId: string; path: string; query: SearchQuery; label?: string })
        : undefined;
    const cluster = scripted ? this.ctx.registry.get(scripted.clusterId) : undefined;
    const target = scripted && cluster ? { cluster, path: scripted.path } : await resolveTarget(this.ctx, arg, 'Subtree to search');
    if (!target) return undefined;
    let query: SearchQuery;
    let label: string;
    if (scripted) {
      query = scripted.query;
      label = scripted.label ?? JSON.stringify(scripted.query);
    } else {
      const kind = await vscode.window.showQuickPick(KINDS, { placeHolder: `Search ${target.path} on ${target.cluster.name} by` });
      if (!kind) return undefined;
      const pattern = await vscode.window.showInputBox({
        prompt: `${kind.label} to search for below ${target.path}`,
        validateInput: (v) => problem(kind.by, v),
      });
      if (!pattern) return undefined;
      query = queryFor(kind.by, pattern);
      label = `${kind.by === 'text' || kind.by === 'textAnyCase' || kind.by === 'dataRegex' ? 'data' : 'name'} "${pattern}"`;
    }
    const session = await sessionOf(this.ctx, target.cluster);
    const results = new SearchResultsNode(target.cluster.id, target.cluster.name, target.path, label);
    await this.ctx.results.add(results);
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Searching ${target.path} on ${target.cluster.name}`, cancellable: true },
      async (progress, token) => {
        try {
          return await searchTree(session, target.path, query, {
            signal: abortOn(token),
            onMatches: (batch) => {
              results.matches.push(...batch);
              this.ctx.results.update(results);
            },
            onProgress: (p) => {
              results.progress = p;
              progress.report({ message: `${p.visited.toLocaleString('en-US')} visited, ${p.matched.toLocaleString('en-US')} matched` });
              this.ctx.results.update(results);
            },
          });
        } catch (err) {
          results.error = err instanceof Error ? err.message : String(err);
          throw err;
        } finally {
          this.ctx.results.update(results);
        }
      },
    );
    results.summary = summary;
    this.ctx.results.update(results);
    this.ctx.results.flush();
    return { matched: summary.matched, paths: results.matches.map((m) => m.path), summary };
  }
}

export class ClearResults implements Command {
  readonly id = 'zookeeper.clearResults';
  constructor(private readonly ctx: ExplorerContext) {}

  run(): Promise<void> {
    return this.ctx.results.clear();
  }
}
