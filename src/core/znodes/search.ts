/**
 * Subtree search by name (glob or regex) and by data content, streamed: matches are handed out in
 * batches as the pipelined walk finds them, with progress, a result cap and cancellation. Names
 * only need child lists (one request per node); content search adds a get per node.
 */
import { ZkError, isZkError } from '../zk/errors';
import type { ZkSession } from '../zk/session';
import type { ZkStat } from '../zk/stat';
import { walkTree } from './walk';

export type NameMatcher = { readonly glob: string } | { readonly regex: string; readonly flags?: string };
export type DataMatcher = { readonly text: string; readonly caseSensitive?: boolean } | { readonly regex: string; readonly flags?: string };

export interface SearchQuery {
  /** Matches the node's name (the last path segment), or its path below the root with `matchPath`. */
  readonly name?: NameMatcher;
  readonly matchPath?: boolean;
  /** Matches the data decoded as UTF-8 (binary values are searched in their UTF-8 reading too). */
  readonly data?: DataMatcher;
  readonly maxDepth?: number;
}

export interface SearchMatch {
  readonly path: string;
  readonly stat: ZkStat;
  /** For data matches: a short excerpt around the first hit. */
  readonly preview?: string;
}

export interface SearchProgress {
  readonly visited: number;
  readonly matched: number;
  readonly skipped: number;
  readonly elapsedMs: number;
}

export interface SearchOptions {
  /** Matches arrive in batches; the last batch is flushed before the promise settles. */
  readonly onMatches: (batch: readonly SearchMatch[]) => void;
  readonly onProgress?: (progress: SearchProgress) => void;
  /** How often progress and batches are delivered (ms). Default 100. */
  readonly intervalMs?: number;
  /** Stop after this many matches (default 10 000). */
  readonly maxResults?: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

export interface SearchSummary extends SearchProgress {
  /** Why the search ended early, if it did. */
  readonly stopped: 'maxResults' | 'cancelled' | undefined;
  /** Nodes per second. */
  readonly rate: number;
}

/** A glob on one name: `*` any run, `?` one character, `[abc]`/`[!a-z]` classes; `\` escapes. */
export function globToRegExp(glob: string, flags = ''): RegExp {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '\\' && i + 1 < glob.length) out += escape(glob[++i]!);
    else if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else out += escape(ch);
  }
  return new RegExp(`${out}$`, flags);
}

function escape(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

function buildRegExp(source: string, flags: string | undefined): RegExp {
  try {
    return new RegExp(source, (flags ?? '').replace(/[gy]/g, ''));
  } catch (err) {
    throw new ZkError('BADARGUMENTS', {
      op: 'search',
      message: `invalid regular expression: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

/** The predicates of a query; throws BADARGUMENTS for a bad regex. */
export function compileQuery(query: SearchQuery): { name?: (s: string) => boolean; data?: (d: Buffer) => number } {
  const out: { name?: (s: string) => boolean; data?: (d: Buffer) => number } = {};
  if (query.name) {
    const re = 'glob' in query.name ? globToRegExp(query.name.glob) : buildRegExp(query.name.regex, query.name.flags);
    out.name = (s) => re.test(s);
  }
  if (query.data) {
    const m = query.data;
    if ('text' in m) {
      if (m.caseSensitive === false) {
        const needle = m.text.toLowerCase();
        out.data = (d) => d.toString('utf8').toLowerCase().indexOf(needle);
      } else {
        const needle = Buffer.from(m.text, 'utf8');
        // Byte search: no decoding for the common case, and exact for binary values too.
        out.data = (d) => (d.indexOf(needle) < 0 ? -1 : d.subarray(0, d.indexOf(needle)).toString('utf8').length);
      }
    } else {
      const re = buildRegExp(m.regex, m.flags);
      out.data = (d) => d.toString('utf8').search(re);
    }
  }
  return out;
}

function preview(data: Buffer, at: number): string {
  const text = data.toString('utf8');
  const from = Math.max(0, at - 30);
  const slice = text.slice(from, from + 80).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `${from > 0 ? '…' : ''}${slice}${from + 80 < text.length ? '…' : ''}`;
}

/**
 * Searches `root` and below. Unreadable nodes (NOAUTH) are counted as skipped, not fatal; the
 * root itself must be readable. Cancel through `signal`: the promise then resolves with
 * `stopped: 'cancelled'` and the matches delivered so far.
 */
export async function searchTree(session: ZkSession, root: string, query: SearchQuery, options: SearchOptions): Promise<SearchSummary> {
  const started = performance.now();
  const test = compileQuery(query);
  const maxResults = options.maxResults ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const inner = new AbortController();
  const onOuterAbort = (): void => inner.abort(new ZkError('CANCELLED', { op: 'search' }));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) onOuterAbort();
  let batch: SearchMatch[] = [];
  let visited = 0;
  let matched = 0;
  let skipped = 0;
  let stopped: SearchSummary['stopped'];
  const progress = (): SearchProgress => ({ visited, matched, skipped, elapsedMs: performance.now() - started });
  const flush = (): void => {
    if (batch.length) {
      const out = batch;
      batch = [];
      options.onMatches(out);
    }
    options.onProgress?.(progress());
  };
  const timer = setInterval(flush, intervalMs);
  try {
    await walkTree(
      session,
      root,
      {
        data: test.data !== undefined,
        concurrency: options.concurrency ?? 512,
        maxDepth: query.maxDepth,
        signal: inner.signal,
        onError: () => (skipped++, 'skip'),
      },
      (node) => {
        visited++;
        if (stopped) return;
        const subject = query.matchPath ? node.relPath : node.path.slice(node.path.lastIndexOf('/') + 1);
        if (test.name && !test.name(subject)) return;
        let hit: string | undefined;
        if (test.data) {
          const at = test.data(node.data ?? Buffer.alloc(0));
          if (at < 0) return;
          hit = preview(node.data ?? Buffer.alloc(0), at);
        }
        matched++;
        batch.push(hit === undefined ? { path: node.path, stat: node.stat } : { path: node.path, stat: node.stat, preview: hit });
        if (matched >= maxResults) {
          stopped = 'maxResults';
          inner.abort(new ZkError('CANCELLED', { op: 'search', message: 'result limit reached' }));
        }
      },
    );
  } catch (err) {
    if (!isZkError(err, 'CANCELLED') || (!stopped && !options.signal?.aborted)) throw err;
    stopped ??= 'cancelled';
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  flush();
  const elapsedMs = performance.now() - started;
  return { visited, matched, skipped, elapsedMs, stopped, rate: visited / Math.max(0.001, elapsedMs / 1000) };
}
