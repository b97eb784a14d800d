import { Parsed, excerpt, replyProblemOf, unparseable } from '../outcome';
import { integerOf, jsonNumber, linesOf } from './values';

/** `dirs` (3.5.1+): bytes of snapshots and of transaction logs. */
export interface DirsReport {
  readonly dataDirSize: number;
  readonly logDirSize: number;
}

/** Parses the reply to `dirs`: `datadir_size: N` and `logdir_size: N`. */
export function parseDirs(text: string): Parsed<DirsReport> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  let dataDirSize: number | null = null;
  let logDirSize: number | null = null;
  for (const line of linesOf(text)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    if (key === 'datadir_size') dataDirSize = integerOf(line.slice(colon + 1));
    else if (key === 'logdir_size') logDirSize = integerOf(line.slice(colon + 1));
  }
  if (dataDirSize === null || logDirSize === null) {
    return unparseable(text.trim() === '' ? 'empty dirs reply' : `not a dirs reply: "${excerpt(text)}"`);
  }
  return { status: 'ok', value: { dataDirSize, logDirSize } };
}

/** Maps AdminServer `dirs`. */
export function dirsFromAdmin(json: Record<string, unknown>): Parsed<DirsReport> {
  const dataDirSize = jsonNumber(json['datadir_size']);
  const logDirSize = jsonNumber(json['logdir_size']);
  if (dataDirSize === null || logDirSize === null) return unparseable('AdminServer dirs reply lacks datadir_size/logdir_size');
  return { status: 'ok', value: { dataDirSize, logDirSize } };
}
