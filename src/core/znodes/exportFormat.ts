/**
 * The export file: one JSON document a person can read and a program can check.
 *
 * ```json
 * {
 *   "format": "zkops-znodes",
 *   "version": 1,
 *   "root": "/app",                     // the exported path on the source (chroot-relative)
 *   "exportedAt": "2026-01-01T00:00:00.000Z",
 *   "withStats": false,
 *   "count": 2,
 *   "nodes": [                          // parents before children, siblings in natural order
 *     { "path": "/", "encoding": "utf8", "data": "{\"a\":1}", "acl": [{ "scheme": "world", "id": "anyone", "perms": "cdrwa" }], "ephemeral": false },
 *     { "path": "/blob", "encoding": "base64", "data": "AAEC", "acl": [...], "ephemeral": false, "kind": "persistent" }
 *   ]
 * }
 * ```
 *
 * `path` is relative to `root` (`/` is the root itself), so a file restores anywhere. `data` is
 * the value as UTF-8 text when it is text (see codec.isText), otherwise base64, and `encoding`
 * always says which. `kind` appears for container and TTL nodes (`ttlMs` with it); `stat` only
 * when exported with stats. Readers ignore fields they do not know.
 */
import { isUtf8 } from 'node:buffer';
import { ZkAcl, formatAcl, parsePerms, permsToString } from '../zk/acl';
import { pathProblem } from '../zk/paths';
import type { NodeKind, ZkStat } from '../zk/stat';
import { isText } from './codec';

export const EXPORT_FORMAT = 'zkops-znodes';
export const EXPORT_VERSION = 1;

export type DataEncoding = 'utf8' | 'base64';

export interface ExportedAcl {
  readonly scheme: string;
  readonly id: string;
  /** zkCli letters, e.g. `cdrwa`. */
  readonly perms: string;
}

export interface ExportedStat {
  readonly czxid: string;
  readonly mzxid: string;
  readonly pzxid: string;
  readonly ctime: string;
  readonly mtime: string;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: string | null;
  readonly dataLength: number;
  readonly numChildren: number;
}

export interface ExportedNode {
  readonly path: string;
  readonly encoding: DataEncoding;
  readonly data: string;
  readonly acl: readonly ExportedAcl[];
  readonly ephemeral: boolean;
  readonly kind?: NodeKind;
  readonly ttlMs?: number;
  readonly stat?: ExportedStat;
}

export interface ExportDocument {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly root: string;
  readonly exportedAt: string;
  readonly withStats: boolean;
  readonly count: number;
  readonly nodes: readonly ExportedNode[];
}

/** A file that is not a valid export; `where` points at the offending part. */
export class ExportFormatError extends Error {
  override readonly name = 'ExportFormatError';
  constructor(
    readonly where: string,
    reason: string,
  ) {
    super(`not a valid ${EXPORT_FORMAT} file: ${where}: ${reason}`);
  }
}

/** Data as the file stores it: text stays readable, anything else is base64. */
export function encodeData(data: Uint8Array): { encoding: DataEncoding; data: string } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return isText(buf) ? { encoding: 'utf8', data: buf.toString('utf8') } : { encoding: 'base64', data: buf.toString('base64') };
}

export function decodeData(node: Pick<ExportedNode, 'encoding' | 'data'>): Buffer {
  return node.encoding === 'base64' ? Buffer.from(node.data, 'base64') : Buffer.from(node.data, 'utf8');
}

export function exportAcl(acl: readonly ZkAcl[]): ExportedAcl[] {
  return acl.map((a) => ({ scheme: a.scheme, id: a.id, perms: permsToString(a.perms) }));
}

/**
 * True for a digest id as ZooKeeper 3.7+ shows it to a session that may not administer the node:
 * `alice:x` instead of `alice:<base64 sha1>`. A real digest hash is 28 base64 characters, so the
 * masked form cannot be a stored id; writing it back would lock the user out.
 */
export function isMaskedDigest(acl: Pick<ExportedAcl, 'scheme' | 'id'>): boolean {
  return acl.scheme === 'digest' && /^[^:]*:x$/.test(acl.id);
}

export function importAcl(acl: readonly ExportedAcl[]): ZkAcl[] {
  return acl.map((a) => ({ scheme: a.scheme, id: a.id, perms: parsePerms(a.perms) }));
}

/** ACLs compared as sets, the way ZooKeeper treats them. */
export function sameAcl(a: readonly ZkAcl[], b: readonly ZkAcl[]): boolean {
  if (a.length !== b.length) return false;
  const key = (list: readonly ZkAcl[]): string => list.map(formatAcl).sort().join('\n');
  return key(a) === key(b);
}

export function exportStat(stat: ZkStat): ExportedStat {
  return {
    czxid: stat.czxid.hex,
    mzxid: stat.mzxid.hex,
    pzxid: stat.pzxid.hex,
    ctime: stat.ctime.toISOString(),
    mtime: stat.mtime.toISOString(),
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: stat.ephemeralOwner ?? null,
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

/** The absolute target path for a node of the file restored under `targetRoot`. */
export function targetPath(targetRoot: string, relPath: string): string {
  if (relPath === '/') return targetRoot;
  return targetRoot === '/' ? relPath : targetRoot + relPath;
}

function fail(where: string, reason: string): never {
  throw new ExportFormatError(where, reason);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const KINDS: readonly NodeKind[] = ['persistent', 'ephemeral', 'container', 'ttl'];

function checkNode(raw: unknown, i: number, seen: Set<string>): ExportedNode {
  const at = `nodes[${i}]`;
  if (!isRecord(raw)) fail(at, 'expected an object');
  const path = raw.path;
  if (typeof path !== 'string') fail(`${at}.path`, 'expected a string');
  const problem = pathProblem(path);
  if (problem) fail(`${at}.path`, `${JSON.stringify(path)}: ${problem}`);
  if (seen.has(path)) fail(`${at}.path`, `${path} appears twice`);
  if (path !== '/') {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!seen.has(parent)) fail(`${at}.path`, `${path} comes before its parent ${parent} (or the parent is missing)`);
  } else if (i !== 0) {
    fail(`${at}.path`, 'the root "/" must be the first node');
  }
  seen.add(path);
  const encoding = raw.encoding;
  if (encoding !== 'utf8' && encoding !== 'base64') fail(`${at}.encoding`, 'expected "utf8" or "base64"');
  if (typeof raw.data !== 'string') fail(`${at}.data`, 'expected a string');
  // Node's decoder silently drops what it cannot use ("Q" decodes to nothing): check first.
  if (encoding === 'base64' && (raw.data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw.data))) {
    fail(
      `${at}.data`,
      `invalid base64 (${raw.data.length % 4 !== 0 ? `length ${raw.data.length} is not a multiple of 4` : 'characters outside A-Z a-z 0-9 + / ='})`,
    );
  }
  if (!Array.isArray(raw.acl) || raw.acl.length === 0) fail(`${at}.acl`, 'expected a non-empty array');
  const acl = raw.acl.map((a: unknown, j: number): ExportedAcl => {
    if (!isRecord(a) || typeof a.scheme !== 'string' || typeof a.id !== 'string' || typeof a.perms !== 'string') {
      fail(`${at}.acl[${j}]`, 'expected {scheme, id, perms}');
    }
    if (!/^[cdrwa]*$/.test(a.perms)) fail(`${at}.acl[${j}].perms`, `"${a.perms}" is not made of c, d, r, w, a`);
    return { scheme: a.scheme, id: a.id, perms: a.perms };
  });
  if (typeof raw.ephemeral !== 'boolean') fail(`${at}.ephemeral`, 'expected true or false');
  const kind = raw.kind;
  if (kind !== undefined && !KINDS.includes(kind as NodeKind)) fail(`${at}.kind`, `expected one of ${KINDS.join(', ')}`);
  const ttlMs = raw.ttlMs;
  if (ttlMs !== undefined && (typeof ttlMs !== 'number' || !Number.isInteger(ttlMs) || ttlMs < 1))
    fail(`${at}.ttlMs`, 'expected a positive integer');
  if (kind === 'ttl' && ttlMs === undefined) fail(`${at}.ttlMs`, 'a ttl node needs ttlMs');
  return {
    path,
    encoding,
    data: raw.data,
    acl,
    ephemeral: raw.ephemeral,
    ...(kind === undefined ? {} : { kind: kind as NodeKind }),
    ...(typeof ttlMs === 'number' ? { ttlMs } : {}),
    ...(isRecord(raw.stat) ? { stat: raw.stat as unknown as ExportedStat } : {}),
  };
}

/** Checks a parsed JSON value and returns it typed; throws ExportFormatError naming the problem. */
export function validateExport(value: unknown): ExportDocument {
  if (!isRecord(value)) fail('top level', 'expected a JSON object');
  if (value.format !== EXPORT_FORMAT) fail('format', `expected "${EXPORT_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== EXPORT_VERSION)
    fail('version', `this zkops reads version ${EXPORT_VERSION}, the file is version ${JSON.stringify(value.version)}`);
  if (typeof value.root !== 'string' || pathProblem(value.root)) fail('root', 'expected a znode path');
  if (!Array.isArray(value.nodes)) fail('nodes', 'expected an array');
  const seen = new Set<string>();
  const nodes = value.nodes.map((n: unknown, i: number) => checkNode(n, i, seen));
  if (nodes.length > 0 && nodes[0]?.path !== '/') fail('nodes[0].path', 'the first node must be the root "/"');
  // A count that disagrees means a truncated or hand-edited file: refuse rather than guess.
  if (value.count !== undefined && value.count !== nodes.length) {
    fail('count', `the file says ${JSON.stringify(value.count)} nodes but holds ${nodes.length}`);
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    root: value.root,
    exportedAt: typeof value.exportedAt === 'string' ? value.exportedAt : '',
    withStats: value.withStats === true,
    count: nodes.length,
    nodes,
  };
}

/** Parses export file text (a leading BOM is fine). */
export function parseExport(text: string): ExportDocument {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ExportFormatError('JSON', err instanceof Error ? err.message : String(err));
  }
  return validateExport(value);
}

/** Parses export bytes, refusing bytes that are not UTF-8. */
export function parseExportBytes(bytes: Uint8Array): ExportDocument {
  if (!isUtf8(bytes)) throw new ExportFormatError('file', 'not UTF-8 text');
  return parseExport(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/**
 * Characters JSON.stringify leaves raw that a terminal would obey (DEL, C1 controls such as the
 * one-byte CSI) or that reorder text (bidirectional overrides, line separators).
 */
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One JSON value on one line, with those characters as \u escapes (same JSON, safe to `cat`). */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The document as text: one node per line, so a diff tool or `grep` works on the file and a big
 * export never needs one giant pretty-printed string.
 */
export function serializeExport(doc: ExportDocument): string {
  const head = {
    format: doc.format,
    version: doc.version,
    root: doc.root,
    exportedAt: doc.exportedAt,
    withStats: doc.withStats,
    count: doc.count,
  };
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  if (doc.nodes.length === 0) return `${headText},\n  "nodes": []\n}\n`;
  return `${headText},\n  "nodes": [\n${doc.nodes.map((n) => `    ${jsonLine(n)}`).join(',\n')}\n  ]\n}\n`;
}
