import * as vscode from 'vscode';
import { SearchQuery, compileQuery } from '../../core/znodes/search';
import type { ResultsView } from '../explorer/results/resultsView';
import { Command } from './command';
import { WithClusterChoices, resolveTarget } from './context';
import { OperationSteps, runOperation } from './operations/arguments';
import { SEARCH, SearchArguments, SearchOutcome, SearchServices, search, searchArguments } from './operations/search';

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
export class Search implements Command, OperationSteps<SearchArguments, SearchOutcome> {
  readonly id = SEARCH;
  readonly schema = searchArguments;
  constructor(private readonly s: WithClusterChoices<SearchServices>) {}

  run(arg?: unknown): Promise<SearchOutcome | undefined> {
    return runOperation(this, arg);
  }

  async gather(arg: unknown): Promise<SearchArguments | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Subtree to search');
    if (!target) return undefined;
    const kind = await vscode.window.showQuickPick(KINDS, { placeHolder: `Search ${target.path} on ${target.cluster.name} by` });
    if (!kind) return undefined;
    const pattern = await vscode.window.showInputBox({
      prompt: `${kind.label} to search for below ${target.path}`,
      validateInput: (v) => problem(kind.by, v),
    });
    if (!pattern) return undefined;
    const on = kind.by === 'text' || kind.by === 'textAnyCase' || kind.by === 'dataRegex' ? 'data' : 'name';
    return { clusterId: target.cluster.id, path: target.path, query: queryFor(kind.by, pattern), label: `${on} "${pattern}"` };
  }

  operate(args: SearchArguments): Promise<SearchOutcome> {
    return search(this.s, args);
  }
}

export class ClearResults implements Command {
  readonly id = 'zookeeper.clearResults';
  constructor(private readonly s: { readonly results: Pick<ResultsView, 'clear'> }) {}

  run(): Promise<void> {
    return this.s.results.clear();
  }
}
