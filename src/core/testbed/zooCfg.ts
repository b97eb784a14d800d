/** Ports of one member; `admin` is 0 when the AdminServer is off. */
export interface MemberPorts {
  readonly client: number;
  readonly quorum: number;
  readonly election: number;
  readonly admin: number;
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
export function renderZooCfg(
  member: MemberSpec,
  members: readonly MemberSpec[],
  dataDir: string,
  options: EnsembleConfigOptions,
): string {
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
  if (options.reconfig) lines.push('reconfigEnabled=true', 'standaloneEnabled=false');
  if (member.observer) lines.push('peerType=observer');
  for (const [key, value] of Object.entries(options.extra)) lines.push(`${key}=${value}`);
  if (members.length > 1 || options.reconfig) lines.push(...members.map((m) => serverLine(m, options.reconfig)));
  return lines.join('\n') + '\n';
}
