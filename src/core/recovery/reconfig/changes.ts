import { ConfMember, parseServerLine } from '../../ensemble/parsers/conf';

/*
 * A membership change as the user asks for it: add `server.N=host:quorumPort:electionPort[:role];
 * [clientHost:]clientPort`, remove N, turn N into an observer or a participant. Parsed and
 * applied to a membership here, purely; the rules and ZooKeeper come after.
 */

export type MembershipChange =
  | { readonly kind: 'add'; readonly member: ConfMember; readonly line: string }
  | { readonly kind: 'remove'; readonly id: number }
  | { readonly kind: 'observer'; readonly id: number }
  | { readonly kind: 'participant'; readonly id: number };

/** Input that is not a change; the message says what form is expected. */
export class ChangeSyntaxError extends Error {
  override readonly name = 'ChangeSyntaxError';
}

const HOST = '(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)';
const PORT = '(\\d{1,5})';
const SERVER_LINE = new RegExp(`^server\\.(\\d{1,9})=(${HOST}):${PORT}:${PORT}(?::(participant|observer))?;(?:(${HOST}):)?${PORT}$`);

const validPort = (text: string): boolean => Number(text) >= 1 && Number(text) <= 65535;

/** Parses one `--add` value. */
export function parseAdd(text: string): MembershipChange {
  const m = SERVER_LINE.exec(text.trim());
  if (!m)
    throw new ChangeSyntaxError(
      `--add ${JSON.stringify(text)}: expected server.N=host:quorumPort:electionPort[:participant|observer];[clientHost:]clientPort`,
    );
  const [, id, , quorum, election, , , client] = m;
  if (![quorum!, election!, client!].every(validPort))
    throw new ChangeSyntaxError(`--add ${JSON.stringify(text)}: ports must be 1 to 65535`);
  if (Number(id) < 1) throw new ChangeSyntaxError(`--add ${JSON.stringify(text)}: server ids start at 1`);
  const line = text.trim();
  const eq = line.indexOf('=');
  const member = parseServerLine(line.slice(0, eq), line.slice(eq + 1))!;
  return { kind: 'add', member, line };
}

/** Parses the N of `--remove N`, `--observer N`, `--participant N`. */
export function parseId(kind: 'remove' | 'observer' | 'participant', text: string): MembershipChange {
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1)
    throw new ChangeSyntaxError(`--${kind} ${JSON.stringify(text)}: expected a server id (a whole number from 1)`);
  return { kind, id: Number(text) };
}

/** A member's line with another role, as a reconfig `joining` entry. */
export function withRole(member: ConfMember, role: 'participant' | 'observer'): string {
  const semicolon = member.spec.indexOf(';');
  const server = semicolon < 0 ? member.spec : member.spec.slice(0, semicolon);
  const client = semicolon < 0 ? '' : member.spec.slice(semicolon);
  const base = /:(participant|observer)$/.test(server) ? server.replace(/:(participant|observer)$/, '') : server;
  return `server.${member.id}=${base}:${role}${client}`;
}

export const roleOf = (m: ConfMember): 'participant' | 'observer' => (m.role === 'observer' ? 'observer' : 'participant');

/** The new membership and what to send: `joining` lines and `leaving` ids. Throws ChangeSyntaxError on conflicts. */
export function applyChanges(
  current: readonly ConfMember[],
  changes: readonly MembershipChange[],
): { members: ConfMember[]; joining: string[]; leaving: number[] } {
  if (changes.length === 0) throw new ChangeSyntaxError('no change given: use --add, --remove, --observer or --participant');
  const ids = changes.map((c) => (c.kind === 'add' ? c.member.id : c.id));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new ChangeSyntaxError(`server ${twice} is named by two changes; give one change per server`);
  const members = new Map(current.map((m) => [m.id, m]));
  const joining: string[] = [];
  const leaving: number[] = [];
  for (const c of changes) {
    if (c.kind === 'add') {
      if (members.has(c.member.id))
        throw new ChangeSyntaxError(`server ${c.member.id} is already a member; remove it first or change its role`);
      members.set(c.member.id, c.member);
      joining.push(c.line);
      continue;
    }
    const m = members.get(c.id);
    if (!m) throw new ChangeSyntaxError(`server ${c.id} is not a member (members: ${[...current].map((x) => x.id).join(', ')})`);
    if (c.kind === 'remove') {
      members.delete(c.id);
      leaving.push(c.id);
      continue;
    }
    if (roleOf(m) === c.kind)
      throw new ChangeSyntaxError(`server ${c.id} is already ${c.kind === 'observer' ? 'an observer' : 'a participant'}`);
    const line = withRole(m, c.kind);
    const eq = line.indexOf('=');
    members.set(c.id, parseServerLine(line.slice(0, eq), line.slice(eq + 1))!);
    joining.push(line);
  }
  return { members: [...members.values()].sort((a, b) => a.id - b.id), joining, leaving };
}
