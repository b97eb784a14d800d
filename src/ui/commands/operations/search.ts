import * as z from 'zod';
import { SearchMatch, SearchProgress, SearchQuery, SearchSummary, compileQuery, searchTree } from '../../../core/znodes/search';
import { ClusterLookup, clusterFor, clusterId, znodePath } from './arguments';
import type { Progress, Sessions } from './services';

export const SEARCH = 'zookeeper.search';

const pattern = z.string().min(1).max(1000);
const regex = z.strictObject({ regex: pattern, flags: z.string().max(8).optional() });

/** A search query as code passes it (the core's SearchQuery); a bad regular expression is refused here. */
export const searchQuery = z
  .strictObject({
    name: z.union([z.strictObject({ glob: pattern }), regex]).optional(),
    matchPath: z.boolean().optional(),
    data: z.union([z.strictObject({ text: pattern, caseSensitive: z.boolean().optional() }), regex]).optional(),
    maxDepth: z.number().int().min(0).optional(),
  })
  .superRefine((query, ctx) => {
    if (!query.name && !query.data) ctx.addIssue({ code: 'custom', message: 'needs "name" or "data" (or both)' });
    try {
      compileQuery(query);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    }
  });

/**
 * The argument of `zookeeper.search` from code: `{ clusterId, path, query, label? }`. `query` is
 * `{ name?: {glob} | {regex, flags?}, matchPath?, data?: {text, caseSensitive?} | {regex, flags?},
 * maxDepth? }`; `label` titles the result set (default: the query as JSON). Resolves to
 * `{ matched, paths, summary }`; the matches also stream into the Results view.
 */
export const searchArguments = z.strictObject({ clusterId, path: znodePath, query: searchQuery, label: z.string().max(200).optional() });

/** What the operation takes (the user's query is built from the kind and pattern picked). */
export interface SearchArguments {
  readonly clusterId: string;
  readonly path: string;
  readonly query: SearchQuery;
  readonly label?: string | undefined;
}

/** One result set in the Results view, filled while the walk runs. */
export interface SearchListing {
  add(batch: readonly SearchMatch[]): void;
  progress(progress: SearchProgress): void;
  fail(message: string): void;
  finish(summary: SearchSummary): void;
  /** The matches so far (a deleted match stays listed, marked). */
  paths(): string[];
}

export interface SearchServices {
  readonly registry: ClusterLookup;
  readonly connections: Sessions;
  readonly progress: Progress;
  readonly results: { startSearch(cluster: { id: string; name: string }, root: string, label: string): Promise<SearchListing> };
}

export interface SearchOutcome {
  readonly matched: number;
  readonly paths: string[];
  readonly summary: SearchSummary;
}

/** Searches a subtree by name or data; matches stream into the Results view as they are found. */
export async function search(s: SearchServices, args: SearchArguments): Promise<SearchOutcome> {
  const cluster = clusterFor(SEARCH, s.registry, args.clusterId);
  const session = await s.connections.connect(cluster.id);
  const listing = await s.results.startSearch(cluster, args.path, args.label ?? JSON.stringify(args.query));
  const summary = await s.progress.run(`Searching ${args.path} on ${cluster.name}`, async (report, signal) => {
    try {
      return await searchTree(session, args.path, args.query, {
        signal,
        onMatches: (batch) => listing.add(batch),
        onProgress: (p) => {
          listing.progress(p);
          report(`${p.visited.toLocaleString('en-US')} visited, ${p.matched.toLocaleString('en-US')} matched`);
        },
      });
    } catch (err) {
      listing.fail(err instanceof Error ? err.message : String(err));
      throw err;
    }
  });
  listing.finish(summary);
  return { matched: summary.matched, paths: listing.paths(), summary };
}
