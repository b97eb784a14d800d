import { performance } from 'node:perf_hooks';
import { isCandidate, scanFile } from './scanner';
import type { FoundConnectString } from './types';

/** Limits of one workspace scan; whatever lies beyond them is not read. */
export interface ScanCaps {
  /** Candidate files read at most (the first ones in the order given). */
  readonly maxFiles: number;
  /** Files larger than this are skipped unread. */
  readonly maxFileBytes: number;
}

export const DEFAULT_CAPS: ScanCaps = { maxFiles: 2000, maxFileBytes: 256 * 1024 };

/** The file access a scan needs; the editor passes workspace.fs, the benchmark node:fs. */
export interface ScanIo {
  /** Size in bytes; undefined when the file is gone. */
  size(path: string): Promise<number | undefined>;
  read(path: string): Promise<string>;
}

export interface ScanStats {
  /** Paths offered that have a candidate name. */
  readonly candidates: number;
  readonly filesRead: number;
  readonly bytesRead: number;
  readonly skippedLarge: number;
  /** Candidates left unread because `maxFiles` was reached. */
  readonly skippedOverCap: number;
  readonly unreadable: number;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
}

export interface ScanResult {
  readonly found: readonly FoundConnectString[];
  /** Every file that was read, found something or not (so a later change can drop old finds). */
  readonly filesRead: readonly string[];
  readonly stats: ScanStats;
}

/** Files read at once: enough to hide I/O latency, few enough to leave the host responsive. */
const CONCURRENCY = 8;

/**
 * Reads and scans the candidate files among `paths` within `caps`, stopping early when `signal`
 * aborts (the result then says `cancelled` and holds what was scanned so far). Never rejects on a
 * file it cannot read.
 */
export async function scanPaths(
  paths: Iterable<string>,
  io: ScanIo,
  caps: ScanCaps = DEFAULT_CAPS,
  signal?: AbortSignal,
): Promise<ScanResult> {
  const started = performance.now();
  const candidates: string[] = [];
  let total = 0;
  for (const p of paths) {
    if (!isCandidate(p)) continue;
    total++;
    if (candidates.length < caps.maxFiles) candidates.push(p);
  }
  const found: FoundConnectString[] = [];
  const filesRead: string[] = [];
  let bytesRead = 0;
  let skippedLarge = 0;
  let unreadable = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length && !signal?.aborted) {
      const path = candidates[next++]!;
      try {
        const size = await io.size(path);
        if (size === undefined) continue;
        if (size > caps.maxFileBytes) {
          skippedLarge++;
          continue;
        }
        const text = await io.read(path);
        if (signal?.aborted) return;
        bytesRead += size;
        filesRead.push(path);
        found.push(...scanFile(path, text));
      } catch {
        unreadable++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, candidates.length) }, worker));
  const order = new Map(candidates.map((p, i) => [p, i]));
  found.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.range.start.line - b.range.start.line);
  return {
    found,
    filesRead,
    stats: {
      candidates: total,
      filesRead: filesRead.length,
      bytesRead,
      skippedLarge,
      skippedOverCap: total - candidates.length,
      unreadable,
      cancelled: signal?.aborted ?? false,
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    },
  };
}
