import { ConfMember, ServerConf, parseConf, parseServerLine } from '../ensemble/parsers/conf';
import { isJsonObject, jsonString } from '../ensemble/parsers/values';
import { MembershipAgreement, MembershipView } from './types';

/*
 * Membership views (what each member, and /zookeeper/config, say the ensemble is made of) and how
 * they agree. Pure functions over parsed replies.
 */

/** A member's view from its `conf` reply; null when the reply has no membership (3.4, standalone). */
export function viewFromConf(conf: ServerConf, reporter: string): MembershipView | null {
  if (conf.membership.length === 0) return null;
  return { source: 'conf', reporter, version: conf.configVersion, members: conf.membership };
}

/** The content of /zookeeper/config (`server.N=…` lines and `version=…`); null when it has none. */
export function viewFromDynamicConfig(text: string): MembershipView | null {
  const parsed = parseConf(text);
  if (parsed.status !== 'ok' || parsed.value.membership.length === 0) return null;
  return { source: 'zookeeper-config', reporter: null, version: parsed.value.configVersion, members: parsed.value.membership };
}

/**
 * AdminServer `voting_view`: the voting members only (observers are not listed), so it is
 * compared with other views on participants alone.
 */
export function viewFromVotingView(json: Record<string, unknown>, reporter: string): MembershipView | null {
  const current = json['current_config'];
  if (!isJsonObject(current)) return null;
  const members: ConfMember[] = [];
  for (const [id, entry] of Object.entries(current)) {
    if (!isJsonObject(entry)) continue;
    const first = (list: unknown): string | null => (Array.isArray(list) && typeof list[0] === 'string' ? list[0] : null);
    const quorum = first(entry['server_addresses']);
    const election = first(entry['election_addresses']);
    if (!quorum) continue;
    const electionPort = election ? election.slice(election.lastIndexOf(':') + 1) : '';
    const role = jsonString(entry['learner_type']) ?? 'participant';
    const client = jsonString(entry['client_address']);
    const spec = `${quorum}:${electionPort}:${role}${client ? `;${client}` : ''}`;
    const member = parseServerLine(`server.${id}`, spec);
    if (member) members.push(member);
  }
  return members.length === 0 ? null : { source: 'voting-view', reporter, version: null, members };
}

const votersOnly = (view: MembershipView): boolean => view.source === 'voting-view';

/** A member as compared across views: id, quorum/election address and role; client addresses vary by reporter. */
function memberKey(m: ConfMember): string {
  return `${m.id}=${m.host.toLowerCase()}:${m.quorumPort ?? ''}:${m.electionPort ?? ''}:${m.role ?? 'participant'}`;
}

export function isParticipant(m: ConfMember): boolean {
  return (m.role ?? 'participant') !== 'observer';
}

function keysOf(view: MembershipView, participantsOnly: boolean): Map<number, string> {
  const keys = new Map<number, string>();
  for (const m of view.members) if (!participantsOnly || isParticipant(m)) keys.set(m.id, memberKey(m));
  return keys;
}

export function describeView(view: MembershipView): string {
  if (view.source === 'zookeeper-config') return '/zookeeper/config';
  return `${view.reporter ?? '?'} (${view.source === 'conf' ? 'conf' : 'AdminServer voting_view'})`;
}

/** What `other` says differently from `reference`, in words; empty when they agree. */
export function compareViews(reference: MembershipView, other: MembershipView): string[] {
  const participantsOnly = votersOnly(reference) || votersOnly(other);
  const a = keysOf(reference, participantsOnly);
  const b = keysOf(other, participantsOnly);
  const who = describeView(other);
  const ref = describeView(reference);
  const out: string[] = [];
  for (const [id, key] of a) {
    const theirs = b.get(id);
    if (theirs === undefined) out.push(`${who} does not list server.${id}, which ${ref} lists`);
    else if (theirs !== key) out.push(`${who} has server.${theirs} where ${ref} has server.${key}`);
  }
  for (const [id, key] of b) if (!a.has(id)) out.push(`${who} lists server.${key}, which ${ref} does not`);
  if (reference.version !== null && other.version !== null && reference.version !== other.version) {
    out.push(`${who} is at config version ${other.version}, ${ref} at ${reference.version}`);
  }
  return out;
}

function versionValue(view: MembershipView): bigint {
  try {
    return view.version ? BigInt(`0x${view.version.replace(/^0x/i, '')}`) : -1n;
  } catch {
    return -1n;
  }
}

/**
 * Picks the membership to trust and lists where other views differ: the newest config version
 * (a committed reconfig is the truth; a member still on an older one is drift), and among views
 * of that version the leader's. Voters-only views are never chosen while a full view exists.
 */
export function agreeOnMembership(views: readonly MembershipView[], leaderAddress: string | null): MembershipAgreement {
  if (views.length === 0) return { views: [], drift: false, differences: [], agreed: null };
  const full = views.filter((v) => !votersOnly(v));
  const pool = full.length > 0 ? full : [...views];
  const newest = pool.reduce((a, v) => (versionValue(v) > a ? versionValue(v) : a), -1n);
  const candidates = pool.filter((v) => versionValue(v) === newest);
  const agreed = candidates.find((v) => leaderAddress !== null && v.reporter === leaderAddress) ?? candidates[0]!;
  const differences = views.filter((v) => v !== agreed).flatMap((v) => compareViews(agreed, v));
  const distinct: MembershipView[] = [];
  for (const view of views) {
    if (!distinct.some((d) => compareViews(d, view).length === 0 && votersOnly(d) === votersOnly(view))) distinct.push(view);
  }
  return { views: distinct, drift: differences.length > 0, differences, agreed };
}

/**
 * The client address a membership line gives (`;host:port` or `;port` of reconfig-style lines),
 * with a wildcard host replaced by the quorum host; null when the line has none.
 */
export function clientAddressOf(m: ConfMember): { host: string; port: number } | null {
  if (!m.clientAddress) return null;
  const text = m.clientAddress.trim();
  const colon = text.lastIndexOf(':');
  const hostPart = colon < 0 ? '' : text.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(colon < 0 ? text : text.slice(colon + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const wildcard = hostPart === '' || hostPart === '0.0.0.0' || hostPart === '::' || hostPart === '0:0:0:0:0:0:0:0';
  return { host: wildcard ? m.host : hostPart, port };
}
