import { Parsed, excerpt, replyProblemOf, unparseable } from '../outcome';
import { jsonNumber } from './values';

/**
 * `wchs` totals. Child watches are not counted here (measured on 3.8: mntr's `watch_count`
 * includes them, wchs does not).
 */
export interface WatchSummary {
  readonly connections: number;
  readonly paths: number;
  readonly totalWatches: number;
}

/** Parses the reply to `wchs`: `N connections watching M paths` then `Total watches:K`. */
export function parseWchs(text: string): Parsed<WatchSummary> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  // The reply is two short lines; matching only its start keeps unanchored patterns linear on junk.
  const start = text.slice(0, 500);
  const head = /(\d{1,12}) connections watching (\d{1,12}) paths/.exec(start);
  const total = /Total watches:\s{0,4}(\d{1,12})/.exec(start);
  if (!head || !total) return unparseable(text.trim() === '' ? 'empty wchs reply' : `not a wchs reply: "${excerpt(text)}"`);
  return { status: 'ok', value: { connections: Number(head[1]), paths: Number(head[2]), totalWatches: Number(total[1]) } };
}

/** Maps AdminServer `watch_summary`. */
export function wchsFromAdmin(json: Record<string, unknown>): Parsed<WatchSummary> {
  const connections = jsonNumber(json['num_connections']);
  const paths = jsonNumber(json['num_paths']);
  const totalWatches = jsonNumber(json['num_total_watches']);
  if (connections === null || paths === null || totalWatches === null)
    return unparseable('AdminServer watch_summary reply lacks its counts');
  return { status: 'ok', value: { connections, paths, totalWatches } };
}
