import { AlertEvent } from '../types';
import { DeliveryQueue, postJson, receiverName } from './deliveryQueue';
import { alertmanagerAlert, webhookBody } from './payloads';

/** A receiver as configured per cluster. Secrets (URLs with tokens, headers) come filled in by the caller. */
export type ReceiverConfig =
  | { readonly kind: 'webhook'; readonly url: string; readonly template?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'alertmanager'; readonly url: string; readonly headers?: Readonly<Record<string, string>> };

export interface ReceiversOptions {
  readonly cluster: string;
  readonly receivers: readonly ReceiverConfig[];
  readonly log: (line: string) => void;
  /** Firing alerts are re-sent to Alertmanager this often (it expires alerts not re-sent). Default 60 s. */
  readonly resendMs?: number;
  /** Delivery tuning (tests shorten the backoff). */
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
}

/** Alertmanager's alerts endpoint under the configured base URL. */
export function alertsEndpoint(base: string): string {
  return `${base.replace(/\/+$/, '')}/api/v2/alerts`;
}

/**
 * Hands firing and resolved alerts to the cluster's receivers without ever waiting for them:
 * webhooks get each firing and resolve once; Alertmanager gets them too, and firing alerts again
 * every `resendMs` (call `tick`), as Prometheus does, so Alertmanager does not time them out.
 */
export class AlertReceivers {
  private readonly targets: { config: ReceiverConfig; queue: DeliveryQueue }[];
  /** Firing alerts by rule and member: when they began firing, and when last sent to Alertmanager. */
  private readonly firing = new Map<string, { event: AlertEvent; since: number; sentAt: number }>();
  private static readonly MAX_FIRING = 1000;

  constructor(private readonly options: ReceiversOptions) {
    this.targets = options.receivers.map((config) => {
      const endpoint = config.kind === 'alertmanager' ? alertsEndpoint(config.url) : config.url;
      const queue = new DeliveryQueue({
        name: receiverName(config.kind, config.url),
        send: (body, signal) => postJson(endpoint, body, config.headers ?? {}, signal),
        log: options.log,
        baseDelayMs: options.baseDelayMs,
        timeoutMs: options.timeoutMs,
      });
      return { config, queue };
    });
  }

  /** Queues the firing and resolved events among `events`; returns at once. */
  handle(events: readonly AlertEvent[]): void {
    for (const event of events) {
      if (event.state !== 'firing' && event.state !== 'resolved') continue;
      const key = `${event.rule}\u0000${event.member ?? ''}`;
      const since = event.state === 'firing' ? event.at : (this.firing.get(key)?.since ?? event.at);
      if (event.state === 'firing') {
        if (this.firing.size >= AlertReceivers.MAX_FIRING) this.firing.delete(this.firing.keys().next().value!);
        this.firing.set(key, { event, since, sentAt: event.at });
      } else {
        this.firing.delete(key);
      }
      for (const { config, queue } of this.targets) {
        queue.enqueue(
          config.kind === 'webhook'
            ? webhookBody(event, this.options.cluster, config.template)
            : JSON.stringify([alertmanagerAlert(event, this.options.cluster, since)]),
        );
      }
    }
  }

  /** Re-sends firing alerts to Alertmanager when due. */
  tick(now: number): void {
    const due = [...this.firing.values()].filter((f) => now - f.sentAt >= (this.options.resendMs ?? 60_000));
    if (due.length === 0) return;
    for (const f of due) f.sentAt = now;
    const body = JSON.stringify(due.map((f) => alertmanagerAlert(f.event, this.options.cluster, f.since)));
    for (const { config, queue } of this.targets) if (config.kind === 'alertmanager') queue.enqueue(body);
  }

  /** Resolves when every queue is empty (tests). */
  async idle(): Promise<void> {
    await Promise.all(this.targets.map((t) => t.queue.idle()));
  }

  dispose(): void {
    for (const t of this.targets) t.queue.dispose();
  }
}
