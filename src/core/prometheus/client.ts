import * as z from 'zod';
import { HttpApi, HttpApiError, HttpApiOptions } from './http';

/*
 * Reading a team's Prometheus over its HTTP API (v1): instant and range queries, alerting and
 * recording rules, active alerts. Every answer is validated at the boundary; every request has a
 * timeout (a caller's signal can cancel it) and a cap on the reply's size (./http.ts). A bearer
 * token or basic auth goes only into the Authorization header, never into an error or a log line.
 */

export interface PrometheusClientOptions extends HttpApiOptions {
  /** Shorthand for `auth: {kind: 'bearer', token}`. */
  readonly bearerToken?: string;
}

export interface PromSample {
  readonly labels: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly t: number;
  readonly value: number;
}

export interface PromSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly { readonly t: number; readonly value: number }[];
}

export interface PromAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'firing' | 'pending' | 'inactive';
  /** ISO time it became active; null when not given. */
  readonly activeAt: string | null;
  readonly value: number;
}

export interface PromRule {
  readonly type: 'alerting' | 'recording';
  readonly name: string;
  readonly query: string;
  /** `for` of an alerting rule, in seconds. */
  readonly forSeconds: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `ok`, `err` or `unknown`. */
  readonly health: string;
  readonly lastError: string | null;
  /** Alerting rules only: inactive, pending or firing. */
  readonly state: 'firing' | 'pending' | 'inactive' | null;
  readonly alerts: readonly PromAlert[];
}

export interface PromRuleGroup {
  readonly name: string;
  readonly file: string;
  readonly rules: readonly PromRule[];
}

/** Prometheus refuses range queries of more points than this per series. */
export const MAX_RANGE_POINTS = 11_000;

/** Why a request failed: the status and Prometheus's own message, never the request's headers. */
export class PrometheusError extends HttpApiError {
  override readonly name = 'PrometheusError';
}

const labels = z.record(z.string(), z.string());
const pair = z.tuple([z.number(), z.string()]);
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const vectorData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: pair })) }),
  z.object({ resultType: z.literal('scalar'), result: pair }),
]);
const matrixData = z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.array(pair) })) });
const alertShape = z.object({
  labels,
  annotations: labels.optional(),
  state: z.enum(['firing', 'pending', 'inactive']),
  activeAt: z.string().optional(),
  value: z.string().optional(),
});
const alertsData = z.object({ alerts: z.array(alertShape) });
const rulesData = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      file: z.string(),
      rules: z.array(
        z.object({
          type: z.enum(['alerting', 'recording']),
          name: z.string(),
          query: z.string(),
          duration: z.number().optional(),
          labels: labels.optional(),
          annotations: labels.optional(),
          health: z.string(),
          lastError: z.string().optional(),
          state: z.enum(['firing', 'pending', 'inactive']).optional(),
          alerts: z.array(alertShape).optional(),
        }),
      ),
    }),
  ),
});

/** Prometheus writes sample values as strings, with `+Inf`/`-Inf`/`NaN` for the special ones. */
function sampleValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

const point = ([seconds, text]: [number, string]): { t: number; value: number } => ({
  t: Math.round(seconds * 1000),
  value: sampleValue(text),
});

function alertOf(a: z.infer<typeof alertShape>): PromAlert {
  return {
    labels: a.labels,
    annotations: a.annotations ?? {},
    state: a.state,
    activeAt: a.activeAt ?? null,
    value: a.value === undefined ? Number.NaN : sampleValue(a.value),
  };
}

export class PrometheusClient {
  private readonly http: HttpApi;

  constructor(options: PrometheusClientOptions) {
    const auth = options.auth ?? (options.bearerToken !== undefined ? { kind: 'bearer' as const, token: options.bearerToken } : undefined);
    this.http = new HttpApi({ ...options, auth }, 'Prometheus', (message, status) => new PrometheusError(message, status));
  }

  /** The base URL (no credentials: they are refused in it). */
  get url(): string {
    return this.http.url;
  }

  /** `host:port`, for labels such as "Prometheus 127.0.0.1:9090". */
  get host(): string {
    return this.http.host;
  }

  /** An instant query: one sample per series (a scalar result is one sample without labels). */
  async query(expr: string, atMs?: number, signal?: AbortSignal): Promise<PromSample[]> {
    const params: Record<string, string> = { query: expr };
    if (atMs !== undefined) params['time'] = String(atMs / 1000);
    const data = vectorData.safeParse(await this.get('query', params, signal));
    if (!data.success) throw new PrometheusError(`unexpected query result: ${z.prettifyError(data.error)}`, 200);
    if (data.data.resultType === 'scalar') return [{ labels: {}, ...point(data.data.result) }];
    return data.data.result.map((r) => ({ labels: r.metric, ...point(r.value) }));
  }

  /**
   * The raw samples of `selector` over the `seconds` before `atMs` (now when absent), with the
   * times Prometheus scraped them: what was stored, not evaluated at steps.
   */
  async samples(selector: string, seconds: number, atMs?: number): Promise<PromSeries[]> {
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new PrometheusError('a sample window needs a positive number of seconds', null);
    const params: Record<string, string> = { query: `${selector}[${Math.ceil(seconds)}s]` };
    if (atMs !== undefined) params['time'] = String(atMs / 1000);
    const data = matrixData.safeParse(await this.get('query', params));
    if (!data.success) throw new PrometheusError(`unexpected samples result: ${z.prettifyError(data.error)}`, 200);
    return data.data.result.map((r) => ({ labels: r.metric, points: r.values.map(point) }));
  }

  /** A range query from `startMs` to `endMs` every `stepSeconds`. */
  async queryRange(
    expr: string,
    range: { startMs: number; endMs: number; stepSeconds: number },
    signal?: AbortSignal,
  ): Promise<PromSeries[]> {
    const { startMs, endMs, stepSeconds } = range;
    if (!(stepSeconds > 0) || !(endMs >= startMs)) throw new PrometheusError('a range needs start <= end and a positive step', null);
    if ((endMs - startMs) / 1000 / stepSeconds > MAX_RANGE_POINTS)
      throw new PrometheusError(`over ${MAX_RANGE_POINTS} points per series: use a larger step`, null);
    const data = matrixData.safeParse(
      await this.get(
        'query_range',
        { query: expr, start: String(startMs / 1000), end: String(endMs / 1000), step: String(stepSeconds) },
        signal,
      ),
    );
    if (!data.success) throw new PrometheusError(`unexpected range result: ${z.prettifyError(data.error)}`, 200);
    return data.data.result.map((r) => ({ labels: r.metric, points: r.values.map(point) }));
  }

  /** Alerting and recording rules, by group (`/api/v1/rules`). */
  async rules(signal?: AbortSignal): Promise<PromRuleGroup[]> {
    const data = rulesData.safeParse(await this.get('rules', {}, signal));
    if (!data.success) throw new PrometheusError(`unexpected rules result: ${z.prettifyError(data.error)}`, 200);
    return data.data.groups.map((g) => ({
      name: g.name,
      file: g.file,
      rules: g.rules.map((r) => ({
        type: r.type,
        name: r.name,
        query: r.query,
        forSeconds: r.duration ?? 0,
        labels: r.labels ?? {},
        annotations: r.annotations ?? {},
        health: r.health,
        lastError: r.lastError ? r.lastError : null,
        state: r.state ?? null,
        alerts: (r.alerts ?? []).map(alertOf),
      })),
    }));
  }

  /** Active (pending and firing) alerts (`/api/v1/alerts`). */
  async alerts(signal?: AbortSignal): Promise<PromAlert[]> {
    const data = alertsData.safeParse(await this.get('alerts', {}, signal));
    if (!data.success) throw new PrometheusError(`unexpected alerts result: ${z.prettifyError(data.error)}`, 200);
    return data.data.alerts.map(alertOf);
  }

  private async get(apiPath: string, params: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const { status, text } = await this.http.request(`api/v1/${apiPath}`, { params, ...(signal ? { signal } : {}) });
    let body: z.infer<typeof envelope>;
    try {
      body = envelope.parse(JSON.parse(text));
    } catch {
      throw new PrometheusError(`${apiPath}: HTTP ${status}: not a Prometheus API reply`, status);
    }
    if (body.status !== 'success')
      throw new PrometheusError(`${apiPath}: ${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${status}`}`, status);
    return body.data;
  }
}
