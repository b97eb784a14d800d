/**
 * Notices a hung server. node-zookeeper-client has no read timeout: a server that accepts TCP but
 * never answers (SIGSTOP, a wedged JVM) hangs every request forever. The watchdog pings when the
 * connection has been quiet and drops the socket when nothing at all came back within the bound,
 * so the library moves the session to another member while ZooKeeper still keeps it alive.
 */

export interface WatchdogTarget {
  /** Connected: replies are expected. */
  isConnected(): boolean;
  /** A connection attempt is under way (TCP connect or waiting for the connect response). */
  isHandshaking(): boolean;
  /** The current bound in ms (depends on the negotiated session timeout). */
  boundMs(): number;
  sendPing(): void;
  /** Drop the connection; the library reconnects to the next member. */
  drop(reason: string): void;
}

export class Watchdog {
  private lastHeard = Date.now();
  private lastPing = 0;
  private attemptStarted = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly target: WatchdogTarget) {}

  /** A frame arrived. */
  heard(): void {
    this.lastHeard = Date.now();
  }

  /** A connection attempt starts. */
  attempt(): void {
    this.attemptStarted = Date.now();
    this.lastHeard = this.attemptStarted;
  }

  start(): void {
    if (this.timer) return;
    const tickMs = Math.min(250, Math.max(50, Math.floor(this.target.boundMs() / 10)));
    this.timer = setInterval(() => this.tick(), tickMs);
    // The watchdog must never be what keeps a process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(now = Date.now()): void {
    const bound = this.target.boundMs();
    if (this.target.isConnected()) {
      const quiet = now - this.lastHeard;
      if (quiet > bound) {
        this.lastHeard = now;
        this.target.drop(`no reply from the server for ${quiet} ms (watchdog bound ${bound} ms)`);
      } else if (quiet >= bound / 3 && now - this.lastPing >= bound / 3) {
        this.lastPing = now;
        this.target.sendPing();
      }
    } else if (this.target.isHandshaking() && now - this.attemptStarted > bound) {
      this.attemptStarted = now;
      this.target.drop(`no connect response within ${bound} ms (watchdog)`);
    }
  }
}
