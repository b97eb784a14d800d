import type { Finding } from '../findings';
import type { Entry } from '../parser';
import type { ServerLine } from '../serverLine';
import type { Range } from '../text';
import type { Rule, RuleContext } from './context';
import { normalHost } from './servers';

/** One port something will listen on. `range` is absent when it lies in another file or is a default. */
interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly label: string;
  readonly range?: Range;
  /** Set for ports from server.N lines. */
  readonly server?: ServerLine;
  readonly kind: 'quorum' | 'election' | 'client' | 'local';
}

function serverEndpoints(servers: readonly ServerLine[], own: boolean): Endpoint[] {
  const out: Endpoint[] = [];
  for (const s of servers) {
    const name = `server.${s.idText}`;
    for (const a of s.addresses) {
      const host = normalHost(a.host);
      if (a.quorumPort)
        out.push({
          host,
          port: a.quorumPort,
          label: `the quorum port of ${name}`,
          range: own ? a.quorumRange : undefined,
          server: s,
          kind: 'quorum',
        });
      if (a.electionPort)
        out.push({
          host,
          port: a.electionPort,
          label: `the election port of ${name}`,
          range: own ? a.electionRange : undefined,
          server: s,
          kind: 'election',
        });
    }
    if (s.clientPort) {
      const wildcard = !s.clientHost || s.clientHost === '0.0.0.0' || s.clientHost === '::';
      // A wildcard client address binds on the server's own machine.
      const host = normalHost(wildcard ? (s.addresses[0]?.host ?? '') : s.clientHost);
      out.push({
        host,
        port: s.clientPort,
        label: `the client port of ${name}`,
        range: own ? s.clientPortRange : undefined,
        server: s,
        kind: 'client',
      });
    }
  }
  return out;
}

/** Ports this server itself opens besides its server.N line (its host is not known here). */
function localEndpoints(ctx: RuleContext): Endpoint[] {
  const { model } = ctx;
  const out: Endpoint[] = [];
  const add = (key: string, label: string, fallback?: number, anchor?: Entry): void => {
    const entry = model.get(key);
    const port = entry ? model.int(key) : fallback;
    if (!port || port < 1 || port > 65535) return;
    out.push({ host: '', port, label, range: entry?.valueRange ?? anchor?.valueRange, kind: 'local' });
  };
  add('clientPort', 'clientPort');
  add('secureClientPort', 'secureClientPort');
  add('observerMasterPort', 'observerMasterPort');
  if (model.adminServerEnabled) add('admin.serverPort', 'the AdminServer port', 8080, model.get('admin.enableServer'));
  const metrics = model.get('metricsProvider.className');
  if (metrics && /prometheus/i.test(metrics.value)) add('metricsProvider.httpPort', 'the Prometheus port', 7000, metrics);
  return out;
}

/** Two listeners on one host and port: the second one cannot bind. */
export const portRules: Rule = (ctx) => {
  const { model } = ctx;
  const out: Finding[] = [];
  const own = serverEndpoints(model.servers, true);
  const servers = model.servers.length ? own : serverEndpoints(model.companionServers, false);
  const seen = new Map<string, Endpoint>();
  for (const e of servers) {
    const key = `${e.host}|${e.port}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, e);
      continue;
    }
    // The same server's quorum==election clash is reported by the server line parser.
    if (first.server === e.server && first.kind !== 'client' && e.kind !== 'client') continue;
    if (e.range) {
      out.push({
        rule: 'port-collision',
        severity: 'error',
        message: `${e.label} (${e.host}:${e.port}) is also ${first.label}`,
        range: e.range,
        related: first.range ? [{ range: first.range, message: first.label }] : [],
      });
    }
  }
  if (model.kind === 'dynamic') return out;
  const local = localEndpoints(ctx);
  for (let i = 0; i < local.length; i++) {
    const e = local[i]!;
    const clash = local.slice(0, i).find((o) => o.port === e.port);
    if (clash && (e.range ?? clash.range)) {
      out.push({
        rule: 'port-collision',
        severity: 'error',
        message: `${e.label} ${e.port} is also ${clash.label}`,
        range: (e.range ?? clash.range)!,
      });
      continue;
    }
    for (const s of servers) {
      if (s.port !== e.port || !e.range) continue;
      // clientPort equal to a server line's client port is that server describing itself.
      if (s.kind === 'client' && e.label === 'clientPort') continue;
      out.push({
        rule: 'port-collision',
        severity: 'warning',
        message: `${e.label} ${e.port} is also ${s.label} (${s.host}); on that machine only one of them can listen`,
        range: e.range,
        related: s.range ? [{ range: s.range, message: s.label }] : [],
      });
      break;
    }
  }
  out.push(...clientAddresses(ctx));
  return out;
};

/** clientPort against the client parts of server lines (3.5.0 moved the client address there). */
function clientAddresses(ctx: RuleContext): Finding[] {
  const { model } = ctx;
  const out: Finding[] = [];
  const clientPort = model.get('clientPort');
  const port = model.int('clientPort');
  const servers = model.membership;
  const withClient = servers.filter((s) => s.clientPort !== undefined);
  const address = model.get('clientPortAddress');
  if (address && (!port || port <= 0)) {
    out.push({
      rule: 'client-port',
      severity: 'error',
      message: 'clientPortAddress is set but clientPort is not; ZooKeeper refuses to start',
      range: address.keyRange,
    });
  }
  const secureAddress = model.get('secureClientPortAddress');
  if (secureAddress && !(model.int('secureClientPort') ?? 0)) {
    out.push({
      rule: 'client-port',
      severity: 'error',
      message: 'secureClientPortAddress is set but secureClientPort is not; ZooKeeper refuses to start',
      range: secureAddress.keyRange,
    });
  }
  if (clientPort && port && servers.length && withClient.length === servers.length) {
    if (!withClient.some((s) => s.clientPort === port)) {
      out.push({
        rule: 'client-port',
        severity: 'warning',
        message: `clientPort ${port} matches no server line's client port; ZooKeeper refuses to start when this server's own line disagrees`,
        range: clientPort.valueRange,
      });
    } else if (model.servers.length) {
      out.push({
        rule: 'client-port',
        severity: 'info',
        message: 'clientPort repeats the client port of a server line; since 3.5.0 the server line is the place for it',
        range: clientPort.keyRange,
        tags: ['unnecessary'],
      });
    }
  }
  const reconfig = model.bool('reconfigEnabled') === true;
  const lacking = model.servers.filter((s) => s.clientPort === undefined && !s.problems.length);
  if (lacking.length && model.servers.some((s) => s.clientPort !== undefined)) {
    for (const s of lacking) {
      out.push({
        rule: 'client-port',
        severity: reconfig ? 'warning' : 'info',
        message: `server.${s.idText} has no client address (;[host:]port) while other server lines do`,
        range: s.entry.valueRange,
      });
    }
  } else if (reconfig && lacking.length) {
    out.push({
      rule: 'client-port',
      severity: 'warning',
      message: 'with reconfigEnabled, give every server line its client address (;[host:]port) so clients learn it from the configuration',
      range: lacking[0]!.entry.valueRange,
    });
  }
  const hasClient = (clientPort !== undefined && (port ?? 1) > 0) || (model.int('secureClientPort') ?? 0) > 0 || withClient.length > 0;
  const unknownMembership = model.has('dynamicConfigFile') && !model.companionServers.length;
  if (!hasClient && !unknownMembership) {
    out.push({
      rule: 'client-port',
      severity: 'warning',
      message: 'no client port is configured (clientPort, secureClientPort or ;port on server lines): clients cannot connect',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  }
  return out;
}
