import * as z from 'zod';
import type { AlertHistoryEntry } from './alertHistory';
import type { AlertMute } from './alertMutes';
import { SEVERITIES } from './types';

/*
 * What a cluster's alerts keep across reloads: the recent history and the mutes. The editor stores
 * it per cluster in its own storage (not settings); it is read back through this schema, so a
 * damaged or foreign value loses only what is wrong, never throws.
 */

export interface PersistedAlerts {
  readonly version: 1;
  readonly history: readonly AlertHistoryEntry[];
  readonly mutes: readonly AlertMute[];
}

const MAX_TEXT = 2000;
const text = z.string().max(MAX_TEXT);
const time = z.number().finite().nonnegative();

const entry = z.object({
  rule: text,
  title: text,
  severity: z.enum(SEVERITIES),
  member: text.nullable(),
  state: z.enum(['firing', 'resolved', 'nodata', 'error']),
  at: time,
  value: z.number().finite().nullable(),
  summary: text,
});

const mute = z.object({ rule: text, member: text.nullable(), until: time });

const document = z.object({ version: z.literal(1), history: z.array(z.unknown()).max(10_000), mutes: z.array(z.unknown()).max(10_000) });

export const EMPTY_PERSISTED: PersistedAlerts = { version: 1, history: [], mutes: [] };

/** Reads a stored value: unknown shapes give nothing, bad entries are dropped one by one. */
export function parsePersistedAlerts(raw: unknown): PersistedAlerts {
  const parsed = document.safeParse(raw);
  if (!parsed.success) return EMPTY_PERSISTED;
  const history = parsed.data.history.flatMap((e) => {
    const r = entry.safeParse(e);
    return r.success ? [r.data] : [];
  });
  const mutes = parsed.data.mutes.flatMap((m) => {
    const r = mute.safeParse(m);
    return r.success ? [r.data] : [];
  });
  return { version: 1, history, mutes };
}
