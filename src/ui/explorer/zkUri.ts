/**
 * The `zk:` URI scheme, without the vscode module so it can be unit-tested in plain Node.
 *
 * Form: `zk://<clusterId>/<znode path>?view=<text|json|hex|base64>`
 * - authority: the cluster id (ClusterConfig.id: lower-case letters, digits, `.`, `_`, `-`);
 * - path: the znode path exactly as ZooKeeper spells it (VS Code percent-encodes it when the URI
 *   is printed, so names with `%`, `#`, `?`, spaces or non-ASCII survive);
 * - query: the view the data is shown in; absent means "the view the data's kind suggests".
 *
 * A query rather than a path suffix keeps one znode one path; the language is set by the opener
 * because an extension in the name (`config.json`) says nothing about the bytes.
 *
 * A view asked for by name also shows in the tab title, `name (hex)`, so the hex and base64 tabs
 * of one znode can be told apart (an extension cannot label tabs otherwise): the path then carries
 * ` (<view>)` and the query a `titled` flag that says to strip it. Without the flag the path is
 * taken as it is, so a znode really named `x (hex)` stays reachable.
 */
import type { DataView } from '../../core/znodes/codec';

export const ZK_SCHEME = 'zk';
/** Read-only in-memory snapshots (the server side of a conflict, subtree diffs, previews). */
export const SNAPSHOT_SCHEME = 'zk-snapshot';

const VIEWS: readonly DataView[] = ['text', 'json', 'hex', 'base64'];
const CLUSTER_ID = /^[a-z0-9._-]+$/;

/** What a zk: URI names. */
export interface ZkLocation {
  readonly clusterId: string;
  /** Absolute znode path (`/` for the root). */
  readonly path: string;
  /** The view asked for; undefined lets the data's kind decide. */
  readonly view?: DataView;
}

/** The components of a URI, as `vscode.Uri.from` takes them and `vscode.Uri` exposes them. */
export interface UriParts {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly query: string;
}

/** A URI that is not a valid zk: location; the message says which part is wrong. */
export class ZkUriError extends Error {
  override readonly name = 'ZkUriError';
}

export function isDataView(value: string): value is DataView {
  return (VIEWS as readonly string[]).includes(value);
}

/** The components of the zk: URI for `location`. */
export function toUriParts(location: ZkLocation): UriParts {
  if (!CLUSTER_ID.test(location.clusterId)) throw new ZkUriError(`"${location.clusterId}" is not a cluster id`);
  if (!location.path.startsWith('/')) throw new ZkUriError(`"${location.path}" is not an absolute znode path`);
  if (!location.view) return { scheme: ZK_SCHEME, authority: location.clusterId, path: location.path, query: '' };
  return {
    scheme: ZK_SCHEME,
    authority: location.clusterId,
    path: `${location.path}${titleSuffix(location.view)}`,
    query: `view=${location.view}&${TITLED}`,
  };
}

const TITLED = 'titled';

function titleSuffix(view: DataView): string {
  return ` (${view})`;
}

/** The location a zk: URI names; throws ZkUriError for anything else. */
export function parseUriParts(uri: UriParts): ZkLocation {
  if (uri.scheme !== ZK_SCHEME) throw new ZkUriError(`not a ${ZK_SCHEME}: URI (scheme ${uri.scheme})`);
  if (!CLUSTER_ID.test(uri.authority)) throw new ZkUriError(`"${uri.authority}" is not a cluster id`);
  // VS Code hands "" for zk://cluster (no slash); that is the root.
  let path = uri.path === '' ? '/' : uri.path;
  let view: DataView | undefined;
  let titled = false;
  for (const pair of uri.query.split('&')) {
    if (!pair) continue;
    const [key, value = ''] = pair.split('=');
    if (key === TITLED) titled = true;
    if (key !== 'view') continue;
    if (!isDataView(value)) throw new ZkUriError(`unknown view "${value}" (use ${VIEWS.join(', ')})`);
    view = value;
  }
  if (titled) {
    if (!view || !path.endsWith(titleSuffix(view))) throw new ZkUriError(`"${path}" does not end with its view's title`);
    path = path.slice(0, -titleSuffix(view).length) || '/';
  }
  if (!path.startsWith('/')) throw new ZkUriError(`"${path}" is not an absolute znode path`);
  // A trailing slash is not a valid znode path; editors sometimes add one to the root only.
  const clean = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return view ? { clusterId: uri.authority, path: clean, view } : { clusterId: uri.authority, path: clean };
}

/** A key that identifies the znode regardless of the view (one znode, one watch, one version). */
export function znodeKey(clusterId: string, path: string): string {
  return `${clusterId}:${path}`;
}

/** The printable form with the path percent-encoded segment by segment, e.g. for Copy URI. */
export function formatZkUri(location: ZkLocation): string {
  const parts = toUriParts(location);
  const path = parts.path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `${ZK_SCHEME}://${parts.authority}${path}${parts.query ? `?${parts.query}` : ''}`;
}
