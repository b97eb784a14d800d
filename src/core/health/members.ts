import { ConnectString, addressKey, formatAddress } from '../connectString';
import { clientAddressOf } from './membership';
import { MemberTarget, MembershipView } from './types';

export interface MemberChanges {
  readonly added: readonly MemberTarget[];
  readonly removed: readonly MemberTarget[];
}

/**
 * The members to probe: every server of the connect string (always kept: the user named them),
 * plus members the agreed membership reveals with a client address (reconfig-style
 * `server.N=…;host:port` lines), which are dropped again once a reconfig removes them.
 */
export class MemberSet {
  private readonly members = new Map<string, MemberTarget>();

  /**
   * @param adminPorts AdminServer ports in connect-string order (as `zkops probe --admin-ports`);
   *   one value applies to all; discovered members get `discoveredAdminPort`.
   */
  constructor(
    connect: ConnectString,
    adminPorts?: readonly (number | null | undefined)[],
    private readonly discoveredAdminPort?: number | null,
  ) {
    connect.servers.forEach((server, i) => {
      const key = addressKey(server);
      if (this.members.has(key)) return;
      const adminPort = adminPorts?.length === 1 ? adminPorts[0] : adminPorts?.[i];
      this.members.set(key, { address: formatAddress(server), host: server.host, port: server.port, adminPort, fromConnectString: true });
    });
  }

  get targets(): MemberTarget[] {
    return [...this.members.values()];
  }

  has(address: string): boolean {
    return [...this.members.values()].some((m) => m.address === address);
  }

  /** Adds what the membership reveals and drops discovered members it no longer lists. */
  follow(view: MembershipView | null): MemberChanges {
    if (!view) return { added: [], removed: [] };
    const listed = new Set<string>();
    const added: MemberTarget[] = [];
    for (const m of view.members) {
      const client = clientAddressOf(m);
      if (!client) continue;
      const key = addressKey(client);
      listed.add(key);
      if (this.members.has(key)) continue;
      const target: MemberTarget = {
        address: formatAddress(client),
        host: client.host,
        port: client.port,
        adminPort: this.discoveredAdminPort,
        fromConnectString: false,
      };
      this.members.set(key, target);
      added.push(target);
    }
    // Only a view that gives client addresses can say a discovered member left.
    const removed: MemberTarget[] = [];
    if (listed.size > 0) {
      for (const [key, target] of this.members) {
        if (!target.fromConnectString && !listed.has(key)) {
          this.members.delete(key);
          removed.push(target);
        }
      }
    }
    return { added, removed };
  }
}
