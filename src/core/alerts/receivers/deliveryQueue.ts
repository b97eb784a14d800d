/**
 * Sends payloads to one receiver in the background: one request at a time, each with a timeout,
 * failures retried with exponential backoff (capped), and a bounded queue that drops the oldest
 * payload when full. `enqueue` returns at once: delivery never blocks evaluation or polling.
 * Every failure and drop is told to `log` (without the receiver's URL, which may hold a secret).
 */
export interface DeliveryOptions {
  /** Names the receiver in log lines (e.g. "webhook hooks.slack.com"). */
  readonly name: string;
  /** Sends one payload; rejects on failure. Must honour the signal. */
  readonly send: (body: string, signal: AbortSignal) => Promise<void>;
  readonly log: (line: string) => void;
  /** Default 100. */
  readonly maxQueue?: number;
  /** Attempts per payload, the first included. Default 6. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each time. Default 1000. */
  readonly baseDelayMs?: number;
  /** Default 60,000. */
  readonly maxDelayMs?: number;
  /** Per request. Default 10,000. */
  readonly timeoutMs?: number;
}

export class DeliveryQueue {
  private readonly queue: string[] = [];
  private running = false;
  private disposed = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  /** Payloads delivered, and given up on (after retries or dropped from a full queue). */
  delivered = 0;
  failed = 0;

  constructor(private readonly options: DeliveryOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(body: string): void {
    if (this.disposed) return;
    if (this.queue.length >= (this.options.maxQueue ?? 100)) {
      this.queue.shift();
      this.failed++;
      this.options.log(`${this.options.name}: queue full, dropped the oldest alert`);
    }
    this.queue.push(body);
    if (!this.running) void this.drain();
  }

  /** Resolves when the queue is empty (tests, shutdown); bounded by the caller's patience. */
  async idle(): Promise<void> {
    while ((this.running || this.queue.length > 0) && !this.disposed) await new Promise((r) => setTimeout(r, 20));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const body = this.queue[0]!;
        const ok = await this.deliver(body);
        if (this.queue[0] === body) this.queue.shift();
        if (ok) this.delivered++;
        else if (!this.disposed) this.failed++;
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(body: string): Promise<boolean> {
    const attempts = this.options.maxAttempts ?? 6;
    let delay = this.options.baseDelayMs ?? 1000;
    for (let attempt = 1; attempt <= attempts && !this.disposed; attempt++) {
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]);
      try {
        await this.options.send(body, signal);
        return true;
      } catch (err) {
        if (this.disposed) return false;
        const why = err instanceof Error ? err.message : String(err);
        const next = attempt < attempts ? `; retry in ${Math.round(delay / 1000)} s` : '; giving up on this alert';
        this.options.log(`${this.options.name}: delivery failed (attempt ${attempt} of ${attempts}): ${why}${next}`);
        if (attempt < attempts) await this.sleep(delay);
        delay = Math.min(delay * 2, this.options.maxDelayMs ?? 60_000);
      }
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  /** Stops at once: the request in flight is aborted, the queue dropped, no timer left. */
  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    clearTimeout(this.timer);
    this.wake?.();
    this.queue.length = 0;
  }
}

/** POSTs JSON with fetch; a non-2xx answer is a failure with its status. */
export async function postJson(url: string, body: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal });
  // Drain the body so the connection is reused or closed, never left hanging.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
}

/** A receiver's name for logs: its kind and host, never the path or query (tokens live there). */
export function receiverName(kind: string, url: string): string {
  try {
    return `${kind} ${new URL(url).host}`;
  } catch {
    return `${kind} (invalid URL)`;
  }
}
