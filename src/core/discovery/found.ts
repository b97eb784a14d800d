import { parseConnectString } from '../connectString';
import type { Range } from '../config/text';
import type { FoundConnectString, SourceKind } from './types';

/**
 * `${VAR}`, `${VAR:default}` (Spring, Solr, compose) and `$VAR` (compose, shell): values resolved
 * only where the program runs. They are reported as written, never expanded or guessed.
 */
const PLACEHOLDER = /\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*/g;

export function placeholdersIn(text: string): string[] {
  return text.match(PLACEHOLDER) ?? [];
}

/** What every reader hands over: the string and where it came from. */
export interface Draft {
  readonly range: Range;
  readonly source: SourceKind;
  readonly key: string;
  readonly connectString: string;
  /** A problem the reader found before validation (e.g. a server line without a client port). */
  readonly error?: string;
}

/**
 * Completes a draft: placeholders listed, and a string without any checked by the connect-string
 * validator (src/core/connectString.ts), whose message becomes the error.
 */
export function finish(file: string, draft: Draft): FoundConnectString {
  const connectString = draft.connectString.trim();
  const placeholders = placeholdersIn(connectString);
  let error = draft.error;
  if (error === undefined && placeholders.length === 0) {
    try {
      parseConnectString(connectString);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
  }
  return {
    file,
    range: draft.range,
    source: draft.source,
    key: draft.key,
    connectString,
    placeholders,
    ...(error !== undefined ? { error } : {}),
  };
}

/**
 * HBase and Hadoop name hosts without ports (`zk1,zk2,zk3`) and give the client port apart; an
 * entry that already has a port keeps it. Placeholders leave the value as written.
 */
export function quorumWithPort(quorum: string, port: string | undefined): string {
  if (placeholdersIn(quorum).length > 0 || port === undefined || port.trim() === '') return quorum.trim();
  const slash = quorum.indexOf('/');
  const hosts = slash < 0 ? quorum : quorum.slice(0, slash);
  const chroot = slash < 0 ? '' : quorum.slice(slash);
  const withPorts = hosts.split(',').map((h) => {
    const host = h.trim();
    if (host === '') return host;
    const hasPort = host.startsWith('[') ? /\]:/.test(host) : host.includes(':');
    return hasPort ? host : `${host}:${port.trim()}`;
  });
  return withPorts.join(',') + chroot;
}
