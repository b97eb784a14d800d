import { NOT_SERVING_TEXT, Parsed, excerpt, replyProblemOf, unparseable } from '../outcome';
import { jsonBoolean } from './values';

/** `ruok` answered `imok`: the process runs. It says nothing about quorum (it answers without one). */
export interface RuokReport {
  readonly imok: true;
}

/** `isro`: whether the server serves in read-only mode. */
export interface ReadOnlyReport {
  readonly readOnly: boolean;
}

/** Parses the reply to `ruok`. */
export function parseRuok(text: string): Parsed<RuokReport> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  if (text.trim() === 'imok') return { status: 'ok', value: { imok: true } };
  return unparseable(text.trim() === '' ? 'empty ruok reply' : `not a ruok reply: "${excerpt(text)}"`);
}

/** Parses the reply to `isro`: `rw`, `ro`, or `null` when the server has no quorum. */
export function parseIsro(text: string): Parsed<ReadOnlyReport> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  const word = text.trim();
  if (word === 'rw') return { status: 'ok', value: { readOnly: false } };
  if (word === 'ro') return { status: 'ok', value: { readOnly: true } };
  // Measured on 3.8.0: a member without quorum answers isro with the word "null".
  if (word === 'null') return { status: 'not-serving', message: NOT_SERVING_TEXT };
  return unparseable(word === '' ? 'empty isro reply' : `not an isro reply: "${excerpt(text)}"`);
}

/** Maps AdminServer `ruok` (an empty success; the error field was checked by the client). */
export function ruokFromAdmin(): Parsed<RuokReport> {
  return { status: 'ok', value: { imok: true } };
}

/** Maps AdminServer `is_read_only`. */
export function isroFromAdmin(json: Record<string, unknown>): Parsed<ReadOnlyReport> {
  const readOnly = jsonBoolean(json['read_only']);
  return readOnly === null ? unparseable('AdminServer is_read_only reply has no read_only flag') : { status: 'ok', value: { readOnly } };
}
