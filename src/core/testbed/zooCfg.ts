/** Ports of one member; `admin` is 0 when the AdminServer is off. */
export interface MemberPorts {
  readonly client: number;
  readonly quorum: number;
  readonly election: number;
  readonly admin: number;
  /** `secureClientPort` of a TLS testbed. */
  readonly secureClient?: number;
}

/**
 * TLS on the client side of a testbed: a secure client port beside the plain one (Netty serves
 * both), from Java keystores (tlsPki.ts makes them).
 */
export interface TestbedTls {
  /** PKCS12 keystore with the server's key and certificate chain. */
  readonly keyStore: string;
  /** PKCS12 truststore: the CAs client certificates are checked against. */
  readonly trustStore: string;
  /** Password of both stores. */
  readonly password: string;
  /** `ssl.clientAuth`: `need` is mutual TLS. Default `none`. */
  readonly clientAuth?: 'need' | 'want' | 'none';
  /** `ssl.protocol` and `ssl.enabledProtocols`, e.g. TLSv1.3; default ZooKeeper's (TLSv1.2 in 3.8). */
  readonly protocol?: string;
  /** Serve the AdminServer over HTTPS only (`admin.forceHttps`), with the same keystore. Default true. */
  readonly adminHttps?: boolean;
}

export interface MemberSpec {
  readonly id: number;
  readonly observer: boolean;
  readonly ports: MemberPorts;
}

export interface EnsembleConfigOptions {
  /** `all` whitelists every four-letter word; `default` keeps ZooKeeper's default (srvr only). */
  readonly fourLetterWords: 'all' | 'default';
  readonly adminServer: boolean;
  /** Dynamic reconfig: server lines carry client addresses and standalone mode is off. */
  readonly reconfig: boolean;
  readonly tickTime: number;
  /** Extra `key=value` lines appended verbatim (e.g. enforceQuota=true). */
  readonly extra: Readonly<Record<string, string>>;
  readonly tls?: TestbedTls;
}

/** The zoo.cfg lines of a secure client port (keys ZooKeeper turns into zookeeper.ssl.* properties). */
function tlsLines(port: number, tls: TestbedTls, adminServer: boolean): string[] {
  const stores = (prefix: string): string[] => [
    `${prefix}.keyStore.location=${tls.keyStore}`,
    `${prefix}.keyStore.password=${tls.password}`,
    `${prefix}.keyStore.type=PKCS12`,
    `${prefix}.trustStore.location=${tls.trustStore}`,
    `${prefix}.trustStore.password=${tls.password}`,
    `${prefix}.trustStore.type=PKCS12`,
  ];
  const lines = [
    // Only Netty serves TLS; it serves the plain clientPort too.
    'serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory',
    `secureClientPort=${port}`,
    'secureClientPortAddress=127.0.0.1',
    ...stores('ssl'),
    `ssl.clientAuth=${tls.clientAuth ?? 'none'}`,
  ];
  if (tls.protocol) lines.push(`ssl.protocol=${tls.protocol}`, `ssl.enabledProtocols=${tls.protocol}`);
  // ZooKeeper's default cipher list has TLS 1.2 suites only: a TLS 1.3 server would offer nothing.
  if (tls.protocol === 'TLSv1.3') lines.push('ssl.ciphersuites=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256');
  // The AdminServer's HTTPS reads the quorum TLS stores (QuorumX509Util); quorum traffic stays plain.
  if (adminServer && tls.adminHttps !== false) lines.push('admin.forceHttps=true', ...stores('ssl.quorum'));
  return lines;
}

/** One `server.N=` line, in the form dynamic reconfig needs when it is on. */
export function serverLine(member: MemberSpec, reconfig: boolean): string {
  const { id, ports } = member;
  const role = member.observer ? 'observer' : 'participant';
  const base = `server.${id}=127.0.0.1:${ports.quorum}:${ports.election}`;
  if (reconfig) return `${base}:${role};127.0.0.1:${ports.client}`;
  return member.observer ? `${base}:observer` : base;
}

/** The zoo.cfg text of `member` in an ensemble of `members`. */
export function renderZooCfg(member: MemberSpec, members: readonly MemberSpec[], dataDir: string, options: EnsembleConfigOptions): string {
  const lines = [
    `tickTime=${options.tickTime}`,
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${dataDir}`,
    `clientPort=${member.ports.client}`,
    'clientPortAddress=127.0.0.1',
    // 4 MB instead of 64 MB transaction log preallocation keeps many test servers cheap.
    'preAllocSize=4096',
    'autopurge.snapRetainCount=3',
    'autopurge.purgeInterval=1',
  ];
  if (options.fourLetterWords === 'all') lines.push('4lw.commands.whitelist=*');
  if (options.adminServer) {
    lines.push('admin.enableServer=true', 'admin.serverAddress=127.0.0.1', `admin.serverPort=${member.ports.admin}`);
  } else {
    lines.push('admin.enableServer=false');
  }
  if (options.tls) {
    if (!member.ports.secureClient) throw new Error(`member ${member.id} of a TLS testbed has no secure client port`);
    lines.push(...tlsLines(member.ports.secureClient, options.tls, options.adminServer));
  }
  if (options.reconfig) lines.push('reconfigEnabled=true', 'standaloneEnabled=false');
  if (member.observer) lines.push('peerType=observer');
  for (const [key, value] of Object.entries(options.extra)) lines.push(`${key}=${value}`);
  if (members.length > 1 || options.reconfig) lines.push(...members.map((m) => serverLine(m, options.reconfig)));
  return lines.join('\n') + '\n';
}
