import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminCommand } from '../ensemble/adminServer';
import { sendFourLetterWord } from '../ensemble/fourLetterWord';
import { TlsClient } from '../tls/client';
import { speaksTls } from '../tls/probe';
import { findZooKeeper } from './install';
import { freePorts } from './ports';
import { DETACHED_OWNER, OWNER_FILE, OWNER_PROPERTY, RUN_PROPERTY, TEMP_PREFIX, forceKill, isAlive, reapOrphans } from './processes';
import { digestOf } from '../zk/acl';
import { EnsembleConfigOptions, MemberPorts, MemberSpec, TestbedTls, renderZooCfg } from './zooCfg';

export interface TestbedOptions {
  /** Voting members plus observers; 1, 3 and 5 are the usual sizes. */
  size?: number;
  /** How many of `size` are observers (the highest ids). */
  observers?: number;
  /**
   * Spare servers after the `size` members (ids size+1…): prepared (ports, dataDir, a config that
   * lists the ensemble plus itself) but not started and not in the ensemble's config, to be added
   * by dynamic reconfig once `startMember` runs them. Left out of `connectString`.
   */
  spares?: number;
  fourLetterWords?: 'all' | 'default';
  adminServer?: boolean;
  /** Turns on dynamic reconfig and makes `super:<password>` a super user. */
  reconfig?: { superPassword: string };
  /** Same super user without reconfig (e.g. to read protected nodes in tests). */
  superPassword?: string;
  heapMb?: number;
  tickTime?: number;
  extraConfig?: Record<string, string>;
  /** Parent folder of the data dirs; a fresh temp folder when absent. */
  baseDir?: string;
  /**
   * Servers outlive this process (the sandbox): no exit hooks, own process group, and `close`
   * is left to whoever reattaches through `Testbed.attach`.
   */
  detached?: boolean;
  /** How long `start` waits for a serving leader. */
  leaderTimeoutMs?: number;
  /**
   * Open-file limit (`ulimit -n`) per member id, e.g. `{ 2: 256 }`: that member's JVM starts under
   * it (and restarts under it), so mntr reports it as max_file_descriptor_count (fd-leak tests).
   */
  openFileLimits?: Readonly<Record<number, number>>;
  /** Ports per member (the sandbox keeps its ports across restarts); free ones are picked when absent. */
  ports?: readonly MemberPorts[];
  /**
   * A secure client port per member beside the plain one (Netty), from these keystores; the
   * AdminServer then speaks HTTPS unless `adminHttps: false`. `secureConnectString` names the ports.
   */
  tls?: TestbedTls;
}

export type MemberMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'not-serving' | 'no-answer';

/** The state of one member as the testbed knows it; serialisable for the sandbox state file. */
export interface MemberRecord extends MemberSpec {
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  pid: number | undefined;
  paused: boolean;
  /** `ulimit -n` the member's JVM runs under; the inherited limit when absent. */
  readonly openFileLimit?: number;
  /** A spare server (TestbedOptions.spares): not in the initial ensemble. */
  readonly spare?: boolean;
}

export interface TestbedRecord {
  readonly runId: string;
  readonly baseDir: string;
  readonly ownsBaseDir: boolean;
  readonly superPassword: string | undefined;
  readonly classPath: string;
  readonly heapMb: number;
  readonly detached: boolean;
  readonly members: MemberRecord[];
  /** The AdminServer speaks HTTPS only (a TLS testbed). */
  readonly adminHttps?: boolean;
}

/** The Java main class of every testbed server (also how a server restarted by hand is recognised). */
export const SERVER_MAIN = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
const live = new Set<Testbed>();
let hooksInstalled = false;

/** Kills every server of every live testbed of this process, synchronously (safe in 'exit'). */
function emergencyTeardown(): void {
  for (const bed of live) bed.destroySync();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', emergencyTeardown);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      emergencyTeardown();
      // Re-raise with the default behaviour so the process still dies of the signal.
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * kill() returns before every thread of a busy JVM has stopped; callers of `pause` expect a
 * silent member at once, so wait (synchronously, bounded) until the kernel reports it stopped.
 */
function waitForProcessState(pid: number, state: string, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const stateOf = (file: string): string => {
    const stat = fs.readFileSync(file, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  };
  while (Date.now() < deadline) {
    try {
      // Every thread, not only the main one: the JVM's network threads are what must be silent.
      const tasks = fs.readdirSync(`/proc/${pid}/task`);
      if (tasks.every((task) => stateOf(`/proc/${pid}/task/${task}/stat`) === state)) return;
    } catch {
      return;
    }
    Atomics.wait(pause, 0, 0, 5);
  }
}

/**
 * A real ZooKeeper ensemble of child processes on 127.0.0.1 with fault injection. Every process it
 * starts is stopped by pid on `close`, on process exit and on SIGINT/SIGTERM, and orphans of a
 * killed owner are reaped by the next testbed that starts.
 */
export class Testbed {
  private readonly children = new Map<number, ChildProcess>();
  private closed = false;

  private constructor(readonly record: TestbedRecord) {}

  static async start(options: TestbedOptions = {}): Promise<Testbed> {
    reapOrphans();
    const size = options.size ?? 3;
    const observers = options.observers ?? 0;
    const spares = options.spares ?? 0;
    if (size < 1 || observers < 0 || observers >= size) throw new Error(`bad testbed size ${size} with ${observers} observers`);
    const install = findZooKeeper();
    const adminServer = options.adminServer ?? true;
    if (options.ports && options.ports.length !== size + spares)
      throw new Error(`${options.ports.length} port sets for ${size + spares} members`);
    const perMember = options.tls ? 5 : 4;
    const ports = options.ports ? [] : await freePorts((size + spares) * perMember);
    const ownsBaseDir = !options.baseDir;
    const baseDir = options.baseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
    fs.mkdirSync(baseDir, { recursive: true });
    if (ownsBaseDir) fs.writeFileSync(path.join(baseDir, OWNER_FILE), String(process.pid));
    const specs: MemberSpec[] = Array.from({ length: size + spares }, (_, i) => ({
      id: i + 1,
      observer: i >= size - observers && i < size,
      ports: options.ports?.[i] ?? {
        client: ports[i * perMember]!,
        quorum: ports[i * perMember + 1]!,
        election: ports[i * perMember + 2]!,
        admin: adminServer ? ports[i * perMember + 3]! : 0,
        ...(options.tls ? { secureClient: ports[i * perMember + 4]! } : {}),
      },
    }));
    const configOptions: EnsembleConfigOptions = {
      fourLetterWords: options.fourLetterWords ?? 'all',
      adminServer,
      reconfig: !!options.reconfig,
      tickTime: options.tickTime ?? 2000,
      extra: options.extraConfig ?? {},
      ...(options.tls ? { tls: options.tls } : {}),
    };
    const ensemble = specs.slice(0, size);
    const members: MemberRecord[] = specs.map((spec, i) => {
      const spare = i >= size;
      const dir = path.join(baseDir, `s${spec.id}`);
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'myid'), `${spec.id}\n`);
      const configPath = path.join(dir, 'zoo.cfg');
      fs.writeFileSync(configPath, renderZooCfg(spec, spare ? [...ensemble, spec] : ensemble, dataDir, configOptions));
      const openFileLimit = options.openFileLimits?.[spec.id];
      if (openFileLimit !== undefined && !(Number.isInteger(openFileLimit) && openFileLimit >= 64))
        throw new Error(`open-file limit of member ${spec.id} must be a whole number ≥ 64`);
      return {
        ...spec,
        dataDir,
        configPath,
        logPath: path.join(dir, 'server.log'),
        pid: undefined,
        paused: false,
        ...(openFileLimit ? { openFileLimit } : {}),
        ...(spare ? { spare } : {}),
      };
    });
    const bed = new Testbed({
      runId: randomBytes(6).toString('hex'),
      baseDir,
      ownsBaseDir,
      superPassword: options.reconfig?.superPassword ?? options.superPassword,
      classPath: install.classPath,
      heapMb: options.heapMb ?? 128,
      detached: !!options.detached,
      members,
      ...(options.tls && adminServer && options.tls.adminHttps !== false ? { adminHttps: true } : {}),
    });
    if (!bed.record.detached) {
      installExitHooks();
      live.add(bed);
    }
    try {
      for (const member of members) if (!member.spare) bed.spawnMember(member);
      await bed.waitForLeader(options.leaderTimeoutMs ?? 60_000);
      await Promise.all(members.map((m) => bed.warmAdminServer(m)));
    } catch (err) {
      await bed.close();
      throw err;
    }
    return bed;
  }

  /** Takes over a detached testbed from its record (the sandbox's `status` and `down`). */
  static attach(record: TestbedRecord): Testbed {
    return new Testbed(record);
  }

  get members(): readonly MemberRecord[] {
    return this.record.members;
  }

  /** `127.0.0.1:p1,127.0.0.1:p2,…` over every member, observers included, spares not. */
  get connectString(): string {
    return this.members
      .filter((m) => !m.spare)
      .map((m) => `127.0.0.1:${m.ports.client}`)
      .join(',');
  }

  /** `127.0.0.1:s1,…` over the members' secure client ports (a TLS testbed), else undefined. */
  get secureConnectString(): string | undefined {
    const members = this.members.filter((m) => !m.spare);
    if (!members.every((m) => m.ports.secureClient)) return undefined;
    return members.map((m) => `127.0.0.1:${m.ports.secureClient}`).join(',');
  }

  /** The `super:<digest>` credentials when a super user was configured. */
  get superAuth(): { scheme: 'digest'; auth: string } | undefined {
    const password = this.record.superPassword;
    return password ? { scheme: 'digest', auth: `super:${password}` } : undefined;
  }

  member(id: number): MemberRecord {
    const member = this.members.find((m) => m.id === id);
    if (!member) throw new Error(`no member ${id} in this testbed`);
    return member;
  }

  private spawnMember(member: MemberRecord): void {
    if (member.pid !== undefined && isAlive(member.pid)) throw new Error(`member ${member.id} is already running`);
    const jvm = [
      `-Xmx${this.record.heapMb}m`,
      '-XX:+UseSerialGC',
      '-XX:-UsePerfData',
      '-Djava.net.preferIPv4Stack=true',
      '-Dorg.slf4j.simpleLogger.showDateTime=true',
      `${RUN_PROPERTY}${this.record.runId}`,
      `${OWNER_PROPERTY}${this.record.detached ? DETACHED_OWNER : process.pid}`,
    ];
    if (this.record.superPassword) {
      jvm.push(`-Dzookeeper.DigestAuthenticationProvider.superDigest=${digestOf('super', this.record.superPassword)}`);
    }
    const log = fs.openSync(member.logPath, 'a');
    try {
      const java = [process.env.JAVA ?? 'java', ...jvm, '-cp', this.record.classPath, SERVER_MAIN, member.configPath];
      // Under an open-file limit: a shell sets it and execs java, so the pid is still the JVM's.
      const [command, ...args] =
        member.openFileLimit === undefined ? java : ['/bin/sh', '-c', 'ulimit -n "$0" && exec "$@"', String(member.openFileLimit), ...java];
      const child = spawn(command!, args, {
        stdio: ['ignore', log, log],
        detached: this.record.detached,
      });
      if (child.pid === undefined) throw new Error(`could not start java for member ${member.id}`);
      child.on('error', () => undefined);
      if (this.record.detached) child.unref();
      else this.children.set(member.id, child);
      member.pid = child.pid;
      member.paused = false;
    } finally {
      fs.closeSync(log);
    }
  }

  /** Polls `srvr` (always whitelisted) for one member's mode. */
  async mode(id: number, timeoutMs = 1000): Promise<MemberMode> {
    const m = this.member(id);
    const reply = await sendFourLetterWord('127.0.0.1', m.ports.client, 'srvr', { timeoutMs });
    if (!reply.ok) return 'no-answer';
    const mode = /^Mode: (\w+)/m.exec(reply.text)?.[1];
    if (mode === 'leader' || mode === 'follower' || mode === 'observer' || mode === 'standalone') return mode;
    return 'not-serving';
  }

  async modes(timeoutMs = 1000): Promise<Map<number, MemberMode>> {
    const entries = await Promise.all(this.members.map(async (m) => [m.id, await this.mode(m.id, timeoutMs)] as const));
    return new Map(entries);
  }

  /**
   * Waits until exactly one member leads and every running, unpaused member serves. Resolves to
   * the leader's id (the single member's id when standalone).
   */
  async waitForLeader(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const modes = await this.modes(500);
      const running = this.members.filter((m) => this.isRunning(m.id) && !m.paused);
      const leaders = [...modes].filter(([, mode]) => mode === 'leader' || mode === 'standalone');
      const allServe = running.every((m) => {
        const mode = modes.get(m.id);
        return mode === 'leader' || mode === 'follower' || mode === 'observer' || mode === 'standalone';
      });
      if (leaders.length === 1 && allServe) return leaders[0]![0];
      last = [...modes].map(([id, mode]) => `${id}:${mode}`).join(' ');
      await sleep(100);
    }
    throw new Error(`no serving leader within ${timeoutMs} ms (${last}); logs under ${this.record.baseDir}`);
  }

  /** Waits until `id` answers srvr with a serving mode. */
  async waitForServing(id: number, timeoutMs = 30_000): Promise<MemberMode> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const mode = await this.mode(id, 500);
      if (mode === 'leader' || mode === 'follower' || mode === 'observer' || mode === 'standalone') return mode;
      await sleep(100);
    }
    throw new Error(`member ${id} not serving within ${timeoutMs} ms`);
  }

  /** The id of the member that reports leader now, if exactly one does. */
  async leaderId(): Promise<number | undefined> {
    const leaders = [...(await this.modes())].filter(([, mode]) => mode === 'leader' || mode === 'standalone');
    return leaders.length === 1 ? leaders[0]![0] : undefined;
  }

  isRunning(id: number): boolean {
    const pid = this.member(id).pid;
    return pid !== undefined && isAlive(pid);
  }

  /** kill -9 one member. */
  async kill(id: number): Promise<void> {
    const member = this.member(id);
    if (member.pid === undefined) return;
    forceKill(member.pid);
    await this.waitForExit(member);
  }

  /** SIGSTOP: the member keeps its sockets open and answers nothing (a hung server). */
  pause(id: number): void {
    const member = this.member(id);
    if (member.pid === undefined || !isAlive(member.pid)) throw new Error(`member ${id} is not running`);
    process.kill(member.pid, 'SIGSTOP');
    member.paused = true;
    waitForProcessState(member.pid, 'T', 2000);
  }

  /** SIGCONT after `pause`. */
  resume(id: number): void {
    const member = this.member(id);
    if (member.pid === undefined || !isAlive(member.pid)) throw new Error(`member ${id} is not running`);
    process.kill(member.pid, 'SIGCONT');
    member.paused = false;
  }

  /** Graceful stop (SIGTERM, SIGKILL after `graceMs`). */
  async stopMember(id: number, graceMs = 5000): Promise<void> {
    const member = this.member(id);
    if (member.pid === undefined || !isAlive(member.pid)) return;
    if (member.paused) this.resume(id);
    try {
      process.kill(member.pid, 'SIGTERM');
    } catch {
      // gone already
    }
    if (!(await this.waitForExit(member, graceMs))) {
      forceKill(member.pid);
      await this.waitForExit(member);
    }
  }

  /** Starts a stopped or killed member again with its config and data. */
  startMember(id: number): void {
    this.spawnMember(this.member(id));
  }

  /** kill -9 then start; resolves once the member serves again (when `waitServing`). */
  async restart(id: number, waitServing = true): Promise<void> {
    await this.kill(id);
    this.startMember(id);
    if (!waitServing) return;
    await this.waitForServing(id);
    await this.warmAdminServer(this.member(id));
  }

  /**
   * One AdminServer request per fresh member before a test sees it. A just-started JVM answers its
   * first AdminServer request only after loading Jetty's and Jackson's classes (~0.75 s idle, over
   * a probe's 1.1–1.5 s budget on a busy machine), which no long-running production server shows;
   * tests of probes and checks are about the steady state, so they start from it. Errors are
   * ignored: a test of a broken AdminServer sees the breakage itself.
   */
  private async warmAdminServer(member: MemberRecord): Promise<void> {
    // The same for a secure client port: a JVM's first TLS handshakes take seconds (cold crypto code).
    if (member.ports.secureClient) {
      for (let i = 0; i < 3; i++) await speaksTls({ host: '127.0.0.1', port: member.ports.secureClient }, AbortSignal.timeout(15_000));
    }
    if (!member.ports.admin) return;
    if (this.record.adminHttps) {
      // Warming only: the certificate is the test's concern, not the warm-up's.
      await adminCommand('127.0.0.1', member.ports.admin, 'monitor', { timeoutMs: 15_000, tls: new TlsClient({ verify: false }) });
      return;
    }
    await fetch(`http://127.0.0.1:${member.ports.admin}/commands/monitor`, { signal: AbortSignal.timeout(15_000) })
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.members.map((m) => this.stopMember(m.id)));
  }

  /** Starts every member (not the spares) that is not running and waits for a leader. */
  async startAll(timeoutMs = 60_000): Promise<number> {
    for (const m of this.members) if (!m.spare && !this.isRunning(m.id)) this.spawnMember(m);
    return this.waitForLeader(timeoutMs);
  }

  private async waitForExit(member: MemberRecord, timeoutMs = 10_000): Promise<boolean> {
    const pid = member.pid;
    if (pid === undefined) return true;
    const child = this.children.get(member.id);
    const deadline = Date.now() + timeoutMs;
    // A child of ours is gone once Node has reaped it (every thread ended, sockets closed).
    const gone = (): boolean => (child ? child.exitCode !== null || child.signalCode !== null : !isAlive(pid));
    while (!gone() && Date.now() < deadline) await sleep(20);
    if (!gone()) return false;
    member.pid = undefined;
    member.paused = false;
    this.children.delete(member.id);
    return true;
  }

  /** Pids of this testbed's members that are still alive. */
  livePids(): number[] {
    return this.members.flatMap((m) => (m.pid !== undefined && isAlive(m.pid) ? [m.pid] : []));
  }

  /** Kills every member by pid and removes the data dirs. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all(this.members.map((m) => this.kill(m.id)));
    this.destroySync();
  }

  /** The synchronous part of close, also used from the process 'exit' hook. */
  destroySync(): void {
    for (const m of this.members) {
      if (m.pid !== undefined) forceKill(m.pid);
      m.pid = undefined;
    }
    this.closed = true;
    live.delete(this);
    if (this.record.ownsBaseDir || this.record.detached) {
      fs.rmSync(this.record.baseDir, { recursive: true, force: true });
    }
  }
}
