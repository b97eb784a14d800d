import type { Finding } from './findings';
import { Entry, valueSpan } from './parser';
import { Range } from './text';

export type Role = 'participant' | 'observer';

/** One host:quorumPort:electionPort[:role] part of a server.N line. */
export interface ServerAddress {
  readonly host: string;
  readonly hostRange: Range;
  readonly quorumPort?: number;
  readonly quorumRange: Range;
  readonly electionPort?: number;
  readonly electionRange: Range;
  readonly role?: Role;
  readonly roleRange?: Range;
}

/** A parsed `server.N=` line. Fields are absent where the text could not be read. */
export interface ServerLine {
  readonly entry: Entry;
  readonly idText: string;
  readonly id?: number;
  readonly idRange: Range;
  readonly addresses: readonly ServerAddress[];
  readonly role: Role;
  /** Client address part after `;`. Host absent means every interface of the server's host. */
  readonly clientHost?: string;
  readonly clientHostRange?: Range;
  readonly clientPort?: number;
  readonly clientPortRange?: Range;
  /** Syntax problems, in ZooKeeper's order of checking. */
  readonly problems: readonly Finding[];
}

const FORMAT = 'expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]';

/** Splits `host:a:b` honouring a leading [IPv6] literal, keeping offsets into the value. */
function splitHostParts(text: string, offset: number): { parts: { text: string; at: number }[]; error?: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']:');
    if (close < 0) return { parts: [], error: `${text} starts with '[' but has no matching ']:'` };
    const parts = [{ text: text.slice(1, close), at: offset + 1 }];
    let at = close + 2;
    for (const piece of text.slice(close + 2).split(':')) {
      parts.push({ text: piece, at: offset + at });
      at += piece.length + 1;
    }
    return { parts };
  }
  const parts: { text: string; at: number }[] = [];
  let at = 0;
  for (const piece of text.split(':')) {
    parts.push({ text: piece, at: offset + at });
    at += piece.length + 1;
  }
  return { parts };
}

/** Integer.parseInt semantics; undefined when Java would throw. */
export function parseJavaInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

export function parseServerLine(entry: Entry): ServerLine {
  const problems: Finding[] = [];
  const idText = entry.key.slice('server.'.length);
  const idStart = entry.keyRange.start;
  const idRange: Range = { start: { line: idStart.line, character: idStart.character + 'server.'.length }, end: entry.keyRange.end };
  const id = /^[+-]?\d+$/.test(idText) ? Number(idText) : undefined;
  const err = (message: string, r: Range, rule = 'server-syntax'): void => {
    problems.push({ rule, severity: 'error', message, range: r });
  };
  if (id === undefined) err(`server id "${idText}" is not a number; ZooKeeper refuses to start`, idRange, 'server-id');

  const value = entry.value;
  const span = (from: number, to: number): Range => valueSpan(entry, from, to);
  const halves = value.split(';');
  const addresses: ServerAddress[] = [];
  let clientHost: string | undefined;
  let clientHostRange: Range | undefined;
  let clientPort: number | undefined;
  let clientPortRange: Range | undefined;
  if (!value) {
    err(`server.${idText} has no address; ${FORMAT}`, entry.range);
    return { entry, idText, id, idRange, addresses, role: 'participant', problems };
  }
  if (halves.length > 2) err(`too many ';' parts: ${FORMAT}`, span(0, value.length));

  let offset = 0;
  for (const addressText of halves[0]!.split('|')) {
    const { parts, error } = splitHostParts(addressText, offset);
    const whole = span(offset, offset + addressText.length);
    offset += addressText.length + 1;
    if (error) {
      err(error, whole);
      continue;
    }
    if (parts.length < 3 || parts.length > 4) {
      err(`"${addressText}" does not have the form host:quorumPort:electionPort[:role]`, whole);
      continue;
    }
    const [hostPart, quorumPart, electionPart, rolePart] = parts as [
      (typeof parts)[0],
      (typeof parts)[0],
      (typeof parts)[0],
      (typeof parts)[0] | undefined,
    ];
    const portOf = (p: { text: string; at: number }, what: string): { port?: number; r: Range } => {
      const r = span(p.at, p.at + p.text.length);
      const n = parseJavaInt(p.text.trim());
      if (n === undefined) err(`${what} port "${p.text}" is not a number`, r, 'server-ports');
      else if (n < 1 || n > 65535) err(`${what} port ${n} is outside 1–65535`, r, 'server-ports');
      return n !== undefined && n >= 1 && n <= 65535 ? { port: n, r } : { r };
    };
    const hostRange = span(hostPart.at, hostPart.at + hostPart.text.length);
    if (!hostPart.text.trim()) err('the host is empty', hostRange);
    const q = portOf(quorumPart, 'quorum');
    const e = portOf(electionPart, 'election');
    let role: Role | undefined;
    let roleRange: Range | undefined;
    if (rolePart) {
      roleRange = span(rolePart.at, rolePart.at + rolePart.text.length);
      const lower = rolePart.text.trim().toLowerCase();
      if (lower === 'participant' || lower === 'observer') role = lower;
      else err(`unknown role "${rolePart.text}": use participant or observer`, roleRange, 'server-role');
    }
    if (q.port !== undefined && q.port === e.port) {
      err(`quorum and election ports are both ${q.port}; they must differ`, e.r, 'server-ports');
    }
    addresses.push({
      host: hostPart.text.trim(),
      hostRange,
      quorumPort: q.port,
      quorumRange: q.r,
      electionPort: e.port,
      electionRange: e.r,
      role,
      roleRange,
    });
  }
  const roles = new Set(addresses.map((a) => a.role).filter((r) => r));
  if (roles.size > 1) err('the addresses of one server must all have the same role', span(0, halves[0]!.length), 'server-role');

  if (halves.length >= 2) {
    const clientText = halves[1]!;
    const base = halves[0]!.length + 1;
    const { parts, error } = splitHostParts(clientText, base);
    const whole = span(base, base + clientText.length);
    if (error) err(error, whole);
    else if (parts.length > 2 || !clientText.trim()) err(`client part "${clientText}" must be port or host:port`, whole);
    else {
      const portPart = parts[parts.length - 1]!;
      clientPortRange = span(portPart.at, portPart.at + portPart.text.length);
      const n = parseJavaInt(portPart.text.trim());
      if (n === undefined) err(`client port "${portPart.text}" is not a number`, clientPortRange, 'server-ports');
      else if (n < 1 || n > 65535) err(`client port ${n} is outside 1–65535`, clientPortRange, 'server-ports');
      else clientPort = n;
      if (parts.length === 2) {
        clientHost = parts[0]!.text.trim();
        clientHostRange = span(parts[0]!.at, parts[0]!.at + parts[0]!.text.length);
      }
    }
  }
  const role: Role = addresses.find((a) => a.role)?.role ?? 'participant';
  return { entry, idText, id, idRange, addresses, role, clientHost, clientHostRange, clientPort, clientPortRange, problems };
}
