import { formatAddress } from '../connectString';
import { buildModel, kindFromFileName } from '../config/model';
import type { ServerLine } from '../config/serverLine';
import { range } from '../config/text';
import type { Draft } from './found';

const WILDCARDS = new Set(['', '0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/**
 * The client addresses of server lines: each member's `;[host:]port` part, else `fallbackPort`
 * (zoo.cfg's clientPort). A wildcard or absent client host means "the member's own host". The
 * error names the first member with no client port at all rather than inventing one.
 */
export function clientAddresses(servers: readonly ServerLine[], fallbackPort: number | undefined): { connect: string; error?: string } {
  const parts: string[] = [];
  for (const server of servers) {
    const host = server.addresses[0]?.host;
    if (!host) return { connect: parts.join(','), error: `server.${server.idText} has no host` };
    const port = server.clientPort ?? fallbackPort;
    if (port === undefined) {
      return { connect: parts.join(','), error: `server.${server.idText} gives no client port (add ";port" to the line or clientPort)` };
    }
    const clientHost = server.clientHost !== undefined && !WILDCARDS.has(server.clientHost) ? server.clientHost : host;
    parts.push(formatAddress({ host: clientHost.replace(/^\[|\]$/g, ''), port }));
  }
  return { connect: parts.join(',') };
}

/**
 * zoo.cfg and zoo.cfg.dynamic.*: the members' client addresses as one connect string, read with
 * src/core/config's parser and model. A standalone file (no server lines) names no host, so it is
 * left out rather than guessed as localhost; a static file whose members live in its dynamic file
 * is left to that file.
 */
export function scanZooCfg(fileName: string, text: string): Draft[] {
  const model = buildModel(text, kindFromFileName(fileName));
  const servers = model.servers;
  if (servers.length === 0) return [];
  const clientPort = model.kind === 'static' ? model.int('clientPort') : undefined;
  const { connect, error } = clientAddresses(
    servers,
    clientPort !== undefined && clientPort > 0 && clientPort <= 65535 ? clientPort : undefined,
  );
  const first = servers[0]!.entry.range;
  const last = servers[servers.length - 1]!.entry.range;
  return [
    {
      range: range(first.start, last.end),
      source: 'zoo.cfg',
      key:
        servers.length === 1
          ? `server.${servers[0]!.idText}`
          : `server.${servers[0]!.idText}…server.${servers[servers.length - 1]!.idText}`,
      connectString: connect,
      ...(error !== undefined ? { error } : {}),
    },
  ];
}
