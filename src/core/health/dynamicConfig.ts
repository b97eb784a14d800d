import { ServerAddress, formatAddress } from '../connectString';
import type { TlsClient } from '../tls/client';
import { ZkSession } from '../zk/session';

/**
 * Reads /zookeeper/config (world-readable) over a ZkSession. The session is opened on the first
 * read and kept while reads succeed; a failed read closes it, so a down ensemble costs no
 * background reconnect loop between reads.
 */
export class DynamicConfigSource {
  private session: ZkSession | undefined;
  private connecting: Promise<ZkSession> | undefined;
  private closed = false;

  /** @param servers the connect string's servers; its chroot is dropped (the config node is absolute). */
  constructor(
    private readonly servers: readonly ServerAddress[],
    private readonly auth: readonly { scheme: string; auth: string }[] = [],
    private readonly tls?: TlsClient,
  ) {}

  private async connect(timeoutMs: number): Promise<ZkSession> {
    if (this.session) return this.session;
    this.connecting ??= ZkSession.connect(this.servers.map(formatAddress).join(','), {
      connectTimeoutMs: timeoutMs,
      requestTimeoutMs: timeoutMs,
      auth: this.auth,
      tls: this.tls,
      renewExpiredSession: false,
    });
    try {
      const session = await this.connecting;
      if (this.closed) {
        await session.close();
        throw new Error('closed');
      }
      this.session = session;
      return session;
    } finally {
      this.connecting = undefined;
    }
  }

  /** The node's text; rejects (with the reason) within about `timeoutMs`. */
  async read(timeoutMs: number): Promise<string> {
    if (this.closed) throw new Error('closed');
    try {
      const session = await this.connect(timeoutMs);
      const { data } = await session.get('/zookeeper/config', undefined, { timeoutMs });
      return data.toString('utf8');
    } catch (err) {
      await this.dropSession();
      throw err;
    }
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.dropSession();
  }
}
