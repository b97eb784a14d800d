/** One `host:port` of a connect string. `host` carries no brackets, even for IPv6. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

export interface ConnectString {
  /** In the order given, duplicates kept (ZooKeeper's own client keeps them too). */
  readonly servers: readonly ServerAddress[];
  /** `/app/a` for `h:1/app/a`; absent when there is none or it is just `/`. */
  readonly chroot?: string;
}

/** The port a server without `:port` is assumed to listen on. */
export const DEFAULT_CLIENT_PORT = 2181;

/** A connect string that cannot be used; the message names the offending part. */
export class ConnectStringError extends Error {
  override readonly name = 'ConnectStringError';
}

const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

function parsePort(text: string, entry: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new ConnectStringError(`bad port "${text}" in "${entry}": expected a number 1-65535`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new ConnectStringError(`port ${port} in "${entry}" is out of range 1-65535`);
  return port;
}

function parseServer(entry: string): ServerAddress {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) throw new ConnectStringError(`"${entry}": missing "]" after an IPv6 address`);
    const host = entry.slice(1, close);
    if (!host.includes(':') || !IPV6.test(host)) throw new ConnectStringError(`"${entry}": "${host}" is not an IPv6 address`);
    const rest = entry.slice(close + 1);
    if (rest === '') return { host, port: DEFAULT_CLIENT_PORT };
    if (!rest.startsWith(':')) throw new ConnectStringError(`"${entry}": expected ":port" after "]"`);
    return { host, port: parsePort(rest.slice(1), entry) };
  }
  const colons = entry.split(':').length - 1;
  if (colons > 1) throw new ConnectStringError(`"${entry}": write IPv6 addresses in brackets, e.g. [::1]:2181`);
  const [host = '', portText] = entry.split(':');
  if (host === '') throw new ConnectStringError(`"${entry}": missing host`);
  if (!HOST_NAME.test(host)) throw new ConnectStringError(`"${entry}": "${host}" is not a valid host name`);
  return { host, port: portText === undefined ? DEFAULT_CLIENT_PORT : parsePort(portText, entry) };
}

function parseChroot(chroot: string): string | undefined {
  if (chroot === '/') return undefined;
  if (chroot.endsWith('/')) throw new ConnectStringError(`chroot "${chroot}" must not end with "/"`);
  if (chroot.includes('//')) throw new ConnectStringError(`chroot "${chroot}" has an empty path segment`);
  for (const segment of chroot.split('/').slice(1)) {
    if (segment === '.' || segment === '..') throw new ConnectStringError(`chroot "${chroot}" must not contain "." or ".." segments`);
  }
  if (/[\u0000-\u001f\u007f]/.test(chroot)) throw new ConnectStringError(`chroot "${chroot}" contains control characters`);
  return chroot;
}

/**
 * Parses `host:port,host:port[/chroot]` as ZooKeeper clients accept it: the port defaults to 2181,
 * IPv6 addresses go in brackets (`[::1]:2181`), spaces around entries are ignored, and the chroot
 * starts at the first `/`. Throws ConnectStringError with a message fit for a user.
 */
export function parseConnectString(text: string): ConnectString {
  const trimmed = text.trim();
  if (trimmed === '') throw new ConnectStringError('empty connect string: expected host:port[,host:port...][/chroot]');
  const slash = trimmed.indexOf('/');
  const hostPart = slash < 0 ? trimmed : trimmed.slice(0, slash);
  if (hostPart.trim() === '') throw new ConnectStringError(`"${trimmed}": no servers before the chroot`);
  const chroot = slash < 0 ? undefined : parseChroot(trimmed.slice(slash));
  const entries = hostPart.split(',').map((e) => e.trim());
  if (entries.some((e) => e === '')) {
    throw new ConnectStringError(`"${hostPart}": empty server entry (stray comma?)`);
  }
  const servers = entries.map(parseServer);
  return chroot === undefined ? { servers } : { servers, chroot };
}

/** `host:port`, with brackets around IPv6 hosts: the form used in messages and as a member key. */
export function formatAddress(address: ServerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** A member's address as a key: host names are case-insensitive, so two spellings of one member compare equal. */
export function addressKey(address: ServerAddress): string {
  return formatAddress({ host: address.host.toLowerCase(), port: address.port });
}
