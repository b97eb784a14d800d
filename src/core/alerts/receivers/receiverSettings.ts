import * as z from 'zod';
import { NamedCluster, appliesTo } from '../clusterRules';
import type { ReceiverConfig } from './receivers';

/*
 * Receivers as the editor's settings declare them (`zookeeper.alerts.receivers`), and their
 * secrets. A receiver's token, or a URL that is itself a secret (Slack and Teams incoming
 * webhooks), lives in the editor's secret storage under the receiver's name, never in settings.
 */

export interface ReceiverSetting {
  /** Names the receiver in logs and keys its secret. */
  readonly name: string;
  readonly kind: 'webhook' | 'alertmanager';
  /** Absent when the URL is kept as a secret. */
  readonly url: string | undefined;
  readonly template: string | undefined;
}

/** What secret storage holds for one receiver (JSON). */
export interface ReceiverSecret {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Used instead of the settings URL. */
  readonly url?: string;
}

export const receiverSecretKey = (name: string): string => `zookeeper.alerts.receiver.${name}`;

/** Why a URL cannot be used, or null. Credentials in a URL would sit in settings: refused. */
export function urlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (parsed.username || parsed.password)
    return 'must not hold credentials (user:password@): keep a token in secret storage instead (ZooKeeper: Set Alert Receiver Secret)';
  return null;
}

const entry = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
  kind: z.enum(['webhook', 'alertmanager']),
  url: z.string().max(2048).optional(),
  template: z.string().max(2000).optional(),
  cluster: z.string().optional(),
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The receivers of one cluster (entries without `cluster` serve every cluster); each bad entry is one error. */
export function receiversForCluster(setting: unknown, cluster: NamedCluster): { receivers: ReceiverSetting[]; errors: string[] } {
  if (setting === undefined || setting === null) return { receivers: [], errors: [] };
  if (!Array.isArray(setting)) return { receivers: [], errors: ['zookeeper.alerts.receivers must be an array'] };
  const receivers: ReceiverSetting[] = [];
  const errors: string[] = [];
  setting.forEach((raw: unknown, i) => {
    if (isRecord(raw) && !appliesTo(raw, cluster)) return;
    const where = `zookeeper.alerts.receivers[${i}]`;
    const parsed = entry.safeParse(raw);
    if (!parsed.success) {
      errors.push(`${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'} ${issue.message}`).join('; ')}`);
      return;
    }
    const { name, kind, url, template } = parsed.data;
    const problem = url === undefined ? null : urlProblem(url);
    if (problem) {
      errors.push(`${where} (${name}): url ${problem}`);
      return;
    }
    receivers.push({ name, kind, url, template });
  });
  return { receivers, errors };
}

/** Reads a stored secret; anything unreadable counts as none. */
export function parseReceiverSecret(raw: string | undefined): ReceiverSecret {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (!isRecord(value)) return {};
    return {
      ...(typeof value['token'] === 'string' && value['token'] ? { token: value['token'] } : {}),
      ...(typeof value['url'] === 'string' && value['url'] ? { url: value['url'] } : {}),
    };
  } catch {
    return {};
  }
}

/** The receiver to deliver to, with its secret filled in; or why it cannot be used. */
export function toReceiverConfig(setting: ReceiverSetting, secret: ReceiverSecret): { config: ReceiverConfig } | { error: string } {
  const url = secret.url ?? setting.url;
  if (url === undefined)
    return { error: `receiver "${setting.name}" has no URL: set "url" or a secret URL (ZooKeeper: Set Alert Receiver Secret)` };
  const problem = urlProblem(url);
  if (problem) return { error: `receiver "${setting.name}": its ${secret.url ? 'secret ' : ''}URL ${problem}` };
  const headers = secret.token ? { authorization: `Bearer ${secret.token}` } : undefined;
  const config: ReceiverConfig =
    setting.kind === 'webhook'
      ? { kind: 'webhook', url, ...(setting.template ? { template: setting.template } : {}), ...(headers ? { headers } : {}) }
      : { kind: 'alertmanager', url, ...(headers ? { headers } : {}) };
  return { config };
}
