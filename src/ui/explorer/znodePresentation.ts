/**
 * How a znode row reads: description, tooltip and icon. Pure (no vscode import) so the wording
 * and the plain-text guarantee are unit-tested. Names and data are untrusted: everything here is
 * plain text for TreeItem string fields, never markdown or HTML.
 */
import type { ZkStat } from '../../core/zk/stat';

/** ZooKeeper appends a 10-digit counter to sequential nodes. */
const SEQUENTIAL_SUFFIX = /\d{10}$/;

export function isSequentialName(name: string): boolean {
  return SEQUENTIAL_SUFFIX.test(name);
}

/** `0 B`, `999 B`, `1.2 KB`, `3.40 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** `12 children · 1.2 KB`; the count is left out when 0, the size when empty. */
export function describeZnode(numChildren: number, dataLength: number): string {
  const parts: string[] = [];
  if (numChildren > 0) parts.push(`${numChildren.toLocaleString('en-US')} ${numChildren === 1 ? 'child' : 'children'}`);
  if (dataLength > 0) parts.push(formatBytes(dataLength));
  return parts.join(' · ');
}

/** The codicon of a row: what kind of node it is matters more than whether it has children. */
export function znodeIcon(name: string, stat: ZkStat | undefined): string {
  if (!stat) return 'circle-slash';
  switch (stat.kind) {
    case 'ephemeral':
      return 'pulse';
    case 'container':
      return 'package';
    case 'ttl':
      return 'clock';
    case 'persistent':
      if (isSequentialName(name)) return 'list-ordered';
      return stat.numChildren > 0 ? 'folder' : 'file';
  }
}

/** Kind words for the tooltip: `ephemeral sequential`, `container`, `TTL 60000 ms`. */
export function kindText(name: string, stat: ZkStat): string {
  const words: string[] = [stat.kind === 'ttl' ? `TTL ${stat.ttlMs ?? '?'} ms` : stat.kind];
  if (isSequentialName(name)) words.push('sequential');
  return words.join(' ');
}

/**
 * Control characters (including newlines and bidi overrides) in an untrusted name would let it
 * fake extra lines or reorder text in a label; shown as escapes instead.
 */
export function safeLabel(name: string): string {
  return name.replace(
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A plain-text tooltip with the full stat, one field per line. */
export function statTooltip(path: string, stat: ZkStat): string {
  const lines = [
    safeLabel(path),
    `kind: ${kindText(path.slice(path.lastIndexOf('/') + 1), stat)}`,
    `data: ${formatBytes(stat.dataLength)} (version ${stat.version})`,
    `children: ${stat.numChildren} (cversion ${stat.cversion})`,
    `acl version: ${stat.aversion}`,
    `created: ${stat.ctime.toISOString()} (czxid ${stat.czxid.hex})`,
    `modified: ${stat.mtime.toISOString()} (mzxid ${stat.mzxid.hex})`,
    `pzxid: ${stat.pzxid.hex}`,
  ];
  if (stat.ephemeralOwner) lines.push(`ephemeral owner: ${stat.ephemeralOwner}`);
  return lines.join('\n');
}

/** The stat as zkCli prints it (`stat /path`), for the stat view. */
export function statText(path: string, stat: ZkStat): string {
  return [
    `path = ${safeLabel(path)}`,
    `cZxid = ${stat.czxid.hex}`,
    `ctime = ${stat.ctime.toISOString()}`,
    `mZxid = ${stat.mzxid.hex}`,
    `mtime = ${stat.mtime.toISOString()}`,
    `pZxid = ${stat.pzxid.hex}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = 0x${stat.ephemeralOwnerRaw.toString(16)}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
    `kind = ${kindText(path.slice(path.lastIndexOf('/') + 1), stat)}`,
  ].join('\n');
}
