import type { AlertEvent, Severity } from './types';

/** One alert transition worth remembering: it fired, resolved, lost its data or could not be evaluated. */
export interface AlertHistoryEntry {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly member: string | null;
  readonly state: 'firing' | 'resolved' | 'nodata' | 'error';
  /** Epoch ms. */
  readonly at: number;
  readonly value: number | null;
  readonly summary: string;
}

export const DEFAULT_MAX_HISTORY = 200;

/** States kept in history; pending comes and goes with every flap, so only the current one is shown. */
const KEPT = new Set<string>(['firing', 'resolved', 'nodata', 'error']);

export function historyEntryOf(event: AlertEvent): AlertHistoryEntry | undefined {
  if (!KEPT.has(event.state)) return undefined;
  const { rule, title, severity, member, value, at, summary } = event;
  return { rule, title, severity, member, state: event.state as AlertHistoryEntry['state'], at, value, summary };
}

/** A time span an alert was firing: `to` null while it still fires. */
export interface FiringSpan {
  readonly rule: string;
  readonly member: string | null;
  readonly severity: Severity;
  readonly from: number;
  readonly to: number | null;
}

/**
 * The firing spans in a history (oldest first): from each firing to the resolve that ends it.
 * A firing without a resolve (still firing, or the history was cut) stays open.
 */
export function firingSpans(history: readonly AlertHistoryEntry[]): FiringSpan[] {
  const open = new Map<string, FiringSpan>();
  const spans: FiringSpan[] = [];
  for (const e of history) {
    const key = `${e.rule}\u0000${e.member ?? ''}`;
    if (e.state === 'firing' && !open.has(key)) {
      const span = { rule: e.rule, member: e.member, severity: e.severity, from: e.at, to: null };
      open.set(key, span);
      spans.push(span);
    } else if (e.state === 'resolved') {
      const span = open.get(key);
      if (span) {
        spans[spans.indexOf(span)] = { ...span, to: e.at };
        open.delete(key);
      }
    }
  }
  return spans;
}
