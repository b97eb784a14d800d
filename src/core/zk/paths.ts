/**
 * Znode paths: validation with ZooKeeper's rules (PathUtils.validatePath) and the small algebra
 * the explorer needs. Validation happens before anything is sent, so a bad path is a clear
 * BADARGUMENTS error instead of a dropped connection or a library assertion.
 */
import { ZkError } from './errors';

/** The reason `path` is not a valid znode path, or undefined when it is. */
export function pathProblem(path: string, sequential = false): string | undefined {
  if (typeof path !== 'string' || path.length === 0) return 'the path is empty';
  if (path[0] !== '/') return 'the path must start with "/"';
  // A sequential create appends a counter, so "/queue/" is a valid prefix for one.
  const full = sequential ? `${path}1` : path;
  if (full.length === 1) return undefined;
  if (full.endsWith('/')) return 'the path must not end with "/"';
  // Every request checks its path: one pass over the segments without allocating.
  for (let start = 1; start <= full.length;) {
    let end = full.indexOf('/', start);
    if (end < 0) end = full.length;
    const len = end - start;
    if (len === 0) return 'the path has an empty segment ("//")';
    if (len <= 2 && full.charCodeAt(start) === 46 && (len === 1 || full.charCodeAt(start + 1) === 46))
      return 'relative segments ("." and "..") are not allowed';
    start = end + 1;
  }
  // The server checks UTF-16 code units (Java chars), so a character above U+FFFF (an emoji)
  // is two surrogates there, and surrogates are in its refused range.
  for (let i = 0; i < full.length; i++) {
    const c = full.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0) return 'the path contains a null character';
    if ((c > 0 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f)) return `the path contains the control character U+${hex4(c)}`;
    if (c >= 0xd800 && c <= 0xdfff) {
      const cp = full.codePointAt(i) ?? c;
      if (cp <= 0xffff) return `the path contains an unpaired surrogate U+${hex4(c)} (not valid text)`;
      return `the path contains ${String.fromCodePoint(cp)} (U+${hex4(cp)}); ZooKeeper refuses characters above U+FFFF (emoji and the like) in paths`;
    }
    if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xfff0)
      return `the path contains the reserved character U+${hex4(c)}; ZooKeeper refuses U+E000–U+F8FF and U+FFF0–U+FFFF in paths`;
  }
  return undefined;
}

function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

/** Throws BADARGUMENTS with the reason when `path` is not a valid znode path. */
export function validatePath(path: string, op?: string, sequential = false): string {
  const problem = pathProblem(path, sequential);
  if (problem) throw new ZkError('BADARGUMENTS', { path: JSON.stringify(path), op, message: `invalid znode path: ${problem}` });
  return path;
}

/** `joinPath('/a', 'b')` is `/a/b`; `joinPath('/', 'b')` is `/b`. */
export function joinPath(parent: string, child: string): string {
  if (child.includes('/')) throw new ZkError('BADARGUMENTS', { message: `a child name cannot contain "/": ${JSON.stringify(child)}` });
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}

/** The parent of `/a/b` is `/a`; the parent of `/a` is `/`; `/` has none. */
export function parentPath(path: string): string | undefined {
  if (path === '/') return undefined;
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** The last segment: `b` for `/a/b`, `` for `/`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `ancestor` or below it. */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return path.startsWith('/');
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** The server-side path for a client path under `chroot`. */
export function withChroot(path: string, chroot: string | undefined): string {
  if (!chroot) return path;
  return path === '/' ? chroot : chroot + path;
}

/** The client path for a server-side path under `chroot`; undefined when it lies outside. */
export function withoutChroot(path: string, chroot: string | undefined): string | undefined {
  if (!chroot) return path;
  if (path === chroot) return '/';
  return path.startsWith(`${chroot}/`) ? path.slice(chroot.length) : undefined;
}
