/**
 * ACLs: permission bits, the schemes ZooKeeper ships (world, digest, ip, auth, super via digest)
 * and the `scheme:id:perms` text form zkCli uses.
 */
import { ZkError } from './errors';
import { createHash } from 'node:crypto';

/**
 * The `user:base64(sha1(user:password))` form ZooKeeper's digest provider expects, as computed by
 * DigestAuthenticationProvider.generateDigest.
 */
export function digestOf(user: string, password: string): string {
  const hash = createHash('sha1').update(`${user}:${password}`).digest('base64');
  return `${user}:${hash}`;
}

/** ZooKeeper's permission bits (ZooDefs.Perms). */
export const Perms = { READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 } as const;

export interface ZkAcl {
  /** A bit set of Perms. */
  readonly perms: number;
  readonly scheme: string;
  readonly id: string;
}

/** zkCli's letters in zkCli's order. */
const LETTERS: readonly [string, number][] = [
  ['c', Perms.CREATE],
  ['d', Perms.DELETE],
  ['r', Perms.READ],
  ['w', Perms.WRITE],
  ['a', Perms.ADMIN],
];

/** `31` is `cdrwa`, `1` is `r`. */
export function permsToString(perms: number): string {
  return LETTERS.filter(([, bit]) => (perms & bit) !== 0)
    .map(([letter]) => letter)
    .join('');
}

/** `cdrwa` is 31; throws BADARGUMENTS on any other letter. */
export function parsePerms(text: string): number {
  let perms = 0;
  for (const ch of text.toLowerCase()) {
    const bit = LETTERS.find(([letter]) => letter === ch)?.[1];
    if (bit === undefined) throw new ZkError('BADARGUMENTS', { message: `unknown permission "${ch}" in "${text}" (use c, d, r, w, a)` });
    perms |= bit;
  }
  return perms;
}

/** world:anyone with every permission: ZooKeeper's OPEN_ACL_UNSAFE. */
export const OPEN_ACL_UNSAFE: readonly ZkAcl[] = [{ perms: Perms.ALL, scheme: 'world', id: 'anyone' }];
/** world:anyone may read: READ_ACL_UNSAFE. */
export const READ_ACL_UNSAFE: readonly ZkAcl[] = [{ perms: Perms.READ, scheme: 'world', id: 'anyone' }];
/** Every identity the creating session authenticated as: CREATOR_ALL_ACL. */
export const CREATOR_ALL_ACL: readonly ZkAcl[] = [{ perms: Perms.ALL, scheme: 'auth', id: '' }];

export function worldAcl(perms: number = Perms.ALL): ZkAcl {
  return { perms, scheme: 'world', id: 'anyone' };
}

/** The hashed `user:base64(sha1(user:password))` id the digest scheme stores. */
export function digestId(user: string, password: string): string {
  if (user.includes(':')) throw new ZkError('BADARGUMENTS', { message: 'a digest user name cannot contain ":"' });
  return digestOf(user, password);
}

/** An ACL entry for a digest user; the password is hashed here and never sent in an ACL. */
export function digestAcl(user: string, password: string, perms: number = Perms.ALL): ZkAcl {
  return { perms, scheme: 'digest', id: digestId(user, password) };
}

/** An ACL entry for an address or CIDR range, e.g. `10.0.0.0/8`. */
export function ipAcl(address: string, perms: number = Perms.ALL): ZkAcl {
  if (!/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(address))
    throw new ZkError('BADARGUMENTS', { message: `"${address}" is not an IP address or CIDR range` });
  return { perms, scheme: 'ip', id: address };
}

/** An ACL entry for whatever the creating session authenticated as. */
export function authAcl(perms: number = Perms.ALL): ZkAcl {
  return { perms, scheme: 'auth', id: '' };
}

/** The `-Dzookeeper.DigestAuthenticationProvider.superDigest=` value for a super password. */
export function superDigest(password: string): string {
  return digestOf('super', password);
}

/** zkCli's form: `digest:alice:X1y…=:cdrwa`. */
export function formatAcl(acl: ZkAcl): string {
  return `${acl.scheme}:${acl.id}:${permsToString(acl.perms)}`;
}

/** Parses zkCli's `scheme:id:perms` (the id may itself contain colons, as digest ids do). */
export function parseAcl(text: string): ZkAcl {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first < 0 || last === first) throw new ZkError('BADARGUMENTS', { message: `"${text}" is not scheme:id:perms` });
  const acl = { scheme: text.slice(0, first), id: text.slice(first + 1, last), perms: parsePerms(text.slice(last + 1)) };
  validateAcl([acl]);
  return acl;
}

/** Throws INVALIDACL for lists ZooKeeper would refuse, with a reason the server never gives. */
export function validateAcl(acls: readonly ZkAcl[]): readonly ZkAcl[] {
  if (acls.length === 0) throw new ZkError('INVALIDACL', { message: 'an ACL list must have at least one entry' });
  for (const acl of acls) {
    if (!Number.isInteger(acl.perms) || acl.perms < 0 || acl.perms > Perms.ALL) {
      throw new ZkError('INVALIDACL', { message: `permissions ${acl.perms} are outside 0..31` });
    }
    if (!acl.scheme) throw new ZkError('INVALIDACL', { message: 'an ACL entry needs a scheme' });
    if (acl.scheme === 'world' && acl.id !== 'anyone')
      throw new ZkError('INVALIDACL', { message: 'the world scheme only has the id "anyone"' });
    if (acl.scheme === 'digest' && acl.id.split(':').length !== 2) {
      throw new ZkError('INVALIDACL', { message: 'a digest id is user:base64-hash; build it with digestAcl(user, password)' });
    }
  }
  return acls;
}
