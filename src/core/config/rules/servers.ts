import type { Finding } from '../findings';
import type { Entry } from '../parser';
import { valueSpan } from '../parser';
import type { ServerLine } from '../serverLine';
import { Rule, RuleContext, addLineFix } from './context';

/** How many failures a majority quorum of `voters` survives. */
export function faultTolerance(voters: number): number {
  return Math.max(0, Math.floor((voters - 1) / 2));
}

/** server.N syntax, ids, roles, multi-address and the shape of the voting set. */
export const serverRules: Rule = (ctx) => {
  const { model } = ctx;
  const out: Finding[] = [];
  const byId = new Map<number, ServerLine>();
  const extended = model.bool('extendedTypesEnabled') === true;
  for (const server of model.servers) {
    out.push(...server.problems);
    if (server.id !== undefined) {
      const previous = byId.get(server.id);
      if (previous && previous.entry.key !== server.entry.key) {
        out.push({
          rule: 'server-id',
          severity: 'error',
          message: `${server.entry.key} and ${previous.entry.key} both name server ${server.id}`,
          range: server.idRange,
          related: [{ range: previous.idRange, message: 'the other line for this id' }],
        });
      }
      byId.set(server.id, server);
      const max = extended ? 254 : 255;
      if (server.id < 1 || server.id > max) {
        out.push({
          rule: 'server-id',
          severity: server.id < 0 ? 'error' : 'warning',
          message: `server id ${server.id} is outside 1–${max}${extended ? ' (extendedTypesEnabled needs ids below 255)' : ''}`,
          range: server.idRange,
        });
      }
    }
    if (server.addresses.length > 1) out.push(...multiAddress(ctx, server));
  }
  out.push(...quorumShape(ctx));
  out.push(...peerType(ctx));
  return out;
};

function multiAddress(ctx: RuleContext, server: ServerLine): Finding[] {
  const r = valueSpan(server.entry, 0, server.entry.value.indexOf('|') + 1);
  if (ctx.model.kind === 'dynamic') {
    return [
      {
        rule: 'multi-address',
        severity: 'info',
        message: 'several addresses need multiAddress.enabled=true in the static zoo.cfg (3.6.0 and later)',
        range: r,
      },
    ];
  }
  if (ctx.model.bool('multiAddress.enabled') === true) return [];
  return [
    {
      rule: 'multi-address',
      severity: 'error',
      message: 'several addresses for one server need multiAddress.enabled=true; ZooKeeper refuses to start',
      range: r,
      fixes: [addLineFix(ctx, 'multiAddress.enabled=true')],
    },
  ];
}

function quorumShape(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  const servers = model.servers;
  if (!servers.length) return [];
  // server.3 and server.03 are one member to ZooKeeper: count ids, not lines.
  const unique = [...new Map(servers.map((s) => [s.id ?? s.entry.key, s])).values()];
  const voters = unique.filter((s) => s.role === 'participant');
  const observers = unique.filter((s) => s.role === 'observer');
  const at = servers[0]!.entry.keyRange;
  const hierarchical = model.entries.some((e) => e.key.startsWith('group') || e.key.startsWith('weight'));
  const standalone = model.kind === 'static' && model.bool('standaloneEnabled') !== false;
  if (!voters.length) {
    return [{ rule: 'quorum-size', severity: 'error', message: 'there is no voting member: every server line is an observer', range: at }];
  }
  if (voters.length === 1 && standalone) {
    const flip = model.get('standaloneEnabled');
    const fixes = [
      flip
        ? { title: 'Set standaloneEnabled=false', edits: [{ range: flip.valueRange, newText: 'false' }] }
        : addLineFix(ctx, 'standaloneEnabled=false'),
    ];
    if (observers.length) {
      return [
        {
          rule: 'quorum-size',
          severity: 'error',
          message: 'observers need a quorum, but one voting member with standaloneEnabled=true runs standalone; ZooKeeper refuses to start',
          range: at,
          fixes,
        },
      ];
    }
    return [
      {
        rule: 'standalone',
        severity: 'warning',
        message:
          'with a single server line and standaloneEnabled=true, ZooKeeper ignores the line and runs standalone (it cannot later grow by reconfig)',
        range: at,
        fixes,
      },
    ];
  }
  if (hierarchical) return [];
  const n = voters.length;
  if (n !== 2 && n % 2 !== 0) return [];
  // Every voter on one machine is a local test ensemble: one host failure takes it all anyway.
  const hosts = new Set(voters.map((s) => normalHost(s.addresses[0]?.host ?? '')));
  const oneHost = hosts.size === 1;
  const where = oneHost ? ` (all on ${[...hosts][0]}, so a test ensemble)` : '';
  const message =
    n === 2
      ? `2 voting members tolerate no failure: losing either stops the ensemble; use 3${where}`
      : `${n} voting members tolerate ${faultTolerance(n)} failure${faultTolerance(n) === 1 ? '' : 's'}, no more than ${n - 1} would; add a member or make one an observer${where}`;
  return [{ rule: 'quorum-size', severity: oneHost ? 'info' : 'warning', message, range: at }];
}

/** localhost and 127.0.0.1 are one host; names compare case-insensitively. */
export function normalHost(host: string): string {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' ? '127.0.0.1' : h;
}

function peerType(ctx: RuleContext): Finding[] {
  const entry: Entry | undefined = ctx.model.get('peerType');
  if (!entry || entry.value.toLowerCase() !== 'observer') return [];
  const servers = ctx.model.membership;
  if (!servers.length || servers.some((s) => s.role === 'observer')) return [];
  return [
    {
      rule: 'peer-type',
      severity: 'warning',
      message: 'peerType=observer, but no server line ends in :observer; ZooKeeper goes by the server lines and this server will vote',
      range: entry.valueRange,
    },
  ];
}
