import * as z from 'zod';
import type { HttpAuth } from './http';
import { parseMatchers } from './matchers';

/*
 * A cluster's `prometheus` and `alertmanager` entries in `zookeeper.clusters`: where the team's
 * servers answer, and which series and alerts are this cluster's. Credentials never live here;
 * they go to the secret storage through "ZooKeeper: Set Prometheus / Alertmanager Credentials".
 */

export interface PrometheusSettings {
  /** Base URL, e.g. `https://prometheus.example:9090` or `http://host/prometheus`. */
  readonly url: string;
  /**
   * Label matchers that pick this cluster's series and alerts, e.g. `{job="zookeeper",cluster="prod"}`.
   * Absent: series and alerts whose `member` label is one of the cluster's members (as `zkops
   * exporter` labels them), and the alerts of the scrape targets that serve those members.
   */
  readonly selector?: string;
}

export interface AlertmanagerSettings {
  readonly url: string;
}

const SECRET_KEYS = /token|pass|secret|auth|user|credential/i;

const httpUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL like http://127.0.0.1:9090' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  else if (url.username || url.password)
    ctx.addIssue({
      code: 'custom',
      message: 'credentials do not belong in the URL; use "ZooKeeper: Set Prometheus / Alertmanager Credentials"',
    });
  else if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'must be a base URL without ?query or #fragment' });
});

const selector = z.string().superRefine((text, ctx) => {
  const parsed = parseMatchers(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `not label matchers like {job="zookeeper"}: ${parsed.error}` });
});

export const prometheusSettingsSchema = z.strictObject({ url: httpUrl, selector: selector.optional() });
export const alertmanagerSettingsSchema = z.strictObject({ url: httpUrl });

/** Why the entry `key` (`prometheus` or `alertmanager`) is not valid, or its settings. */
export function parseServiceSettings<T>(
  key: 'prometheus' | 'alertmanager',
  raw: unknown,
): { ok: true; value: T } | { ok: false; error: string } {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const secret = Object.keys(raw).find((k) => SECRET_KEYS.test(k));
    if (secret !== undefined)
      return {
        ok: false,
        error: `${key}.${secret}: credentials do not belong in settings; use "ZooKeeper: Set Prometheus / Alertmanager Credentials"`,
      };
  }
  const schema = key === 'prometheus' ? prometheusSettingsSchema : alertmanagerSettingsSchema;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as T };
  const problems = parsed.error.issues.map((i) => {
    const where = [key, ...i.path].join('.');
    return i.code === 'invalid_type' && i.path.length === 0
      ? `${key} must be an object like {"url": "http://127.0.0.1:9090"}`
      : `${where}: ${i.message}`;
  });
  return { ok: false, error: problems.join('; ') };
}

/** Which team server a stored credential is for. */
export type TeamService = 'prometheus' | 'alertmanager';

const storedAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bearer'), token: z.string().min(1) }),
  z.strictObject({ kind: z.literal('basic'), user: z.string().min(1), password: z.string() }),
]);

/** A credential read back from the secret storage; anything malformed reads as none. */
export function parseStoredAuth(raw: string | undefined): HttpAuth | undefined {
  if (!raw) return undefined;
  try {
    const parsed = storedAuth.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
