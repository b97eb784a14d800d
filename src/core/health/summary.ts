import { EnsembleHealth, MemberHealth } from './types';

/*
 * Short texts about an ensemble's health, shared by the status bar, the tree, notifications and
 * the report, so every surface says the same thing the same way.
 */

function leaderLabel(m: MemberHealth): string {
  return m.id !== null ? String(m.id) : m.address;
}

/** `leader 2 · 3/3 · can lose 1`, or what is wrong first: `no quorum · 1/3`, `SPLIT BRAIN (1, 3) · 3/3`. */
export function summaryLine(h: EnsembleHealth): string {
  const up = h.members.filter((m) => m.condition === 'up').length;
  const counts = `${up}/${h.members.length}`;
  if (h.splitBrain) return `SPLIT BRAIN (${h.leaderClaims.map(leaderLabel).join(', ')}) · ${counts}`;
  if (h.standalone && h.leader) return `standalone ${leaderLabel(h.leader)} · ${counts}`;
  if (!h.leader) return `${h.servingVoters >= h.majority ? 'no leader' : 'no quorum'} · ${counts}`;
  if (!h.quorum) return `no quorum · leader ${leaderLabel(h.leader)} · ${counts}`;
  return `leader ${leaderLabel(h.leader)} · ${counts} · can lose ${h.canLose}`;
}

const CONDITION_WORD: Record<MemberHealth['condition'], string> = {
  up: 'up',
  down: 'DOWN',
  hung: 'HUNG',
  'not-serving': 'NOT SERVING',
  'read-only': 'READ-ONLY',
  unknown: 'UNKNOWN',
};

/** What a member is, in one or two words: `leader`, `follower (non-voting)`, `HUNG`. */
export function stateWord(m: MemberHealth): string {
  if (m.condition !== 'up') return CONDITION_WORD[m.condition];
  const role = m.role ?? 'up';
  return m.voting === false && role !== 'observer' ? `${role} (non-voting)` : role;
}

/** A latency for people: `0.4 ms`, `12.3 ms`, `142 ms` (servers report up to 4 decimals). */
export function formatLatency(ms: number): string {
  return `${latencyNumber(ms)} ms`;
}

/** A latency without its unit, for tables headed "ms": whole above 100 ms, one decimal below (mntr gives `35.7815`). */
export function latencyNumber(ms: number): string {
  return String(ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10);
}

/** `min/avg/max` of a latency triple, each rounded as latencyNumber does. */
export function latencyTriple(l: { readonly min: number; readonly avg: number; readonly max: number }): string {
  return `${latencyNumber(l.min)}/${latencyNumber(l.avg)}/${latencyNumber(l.max)}`;
}

/** `1 conn`, `3 conns`. */
export function formatConnections(n: number): string {
  return `${n} conn${n === 1 ? '' : 's'}`;
}

/** One line per member for tooltips: `2 leader 127.0.0.1:2181 · zxid 0x… · 0.1 ms · 3 conns`. */
export function memberLine(m: MemberHealth): string {
  const parts = [`${m.id !== null ? `${m.id} ` : ''}${stateWord(m)} ${m.address}`];
  if (m.zxid) parts.push(`zxid ${m.zxid}${m.lag !== null && m.lag > 0 ? ` (${m.lag} behind)` : ''}`);
  if (m.latency) parts.push(`${formatLatency(m.latency.avg)} avg`);
  if (m.connections !== null) parts.push(formatConnections(m.connections));
  if (m.condition !== 'up' && m.reason) parts.push(m.reason);
  return parts.join(' · ');
}
