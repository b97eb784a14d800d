import * as z from 'zod';
import { HttpApi, HttpApiError, HttpApiOptions } from './http';

/*
 * Reading and writing a team's Alertmanager over its v2 API: the alerts it holds (active,
 * silenced, inhibited), the silences, and creating or expiring a silence. Answers are validated at
 * the boundary; requests are bounded as the Prometheus client's are (./http.ts).
 */

export class AlertmanagerError extends HttpApiError {
  override readonly name = 'AlertmanagerError';
}

/** One label matcher of a silence, as Alertmanager's v2 API writes it. */
export interface SilenceMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  /** false: the matcher is a negation (`!=`, `!~`). */
  readonly isEqual: boolean;
}

export interface AmAlert {
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly startsAt: number;
  /** active, suppressed (silenced or inhibited) or unprocessed. */
  readonly state: string;
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

export interface AmSilence {
  readonly id: string;
  readonly matchers: readonly SilenceMatcher[];
  /** Epoch ms. */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  /** active, pending or expired. */
  readonly state: string;
}

export interface NewSilence {
  readonly matchers: readonly SilenceMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

const labels = z.record(z.string(), z.string());
const time = z.string().transform((s, ctx) => {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: `not a time: ${s}` });
  return ms;
});
const alertsReply = z.array(
  z.object({
    fingerprint: z.string(),
    labels,
    annotations: labels.optional(),
    startsAt: time,
    status: z.object({
      state: z.string(),
      silencedBy: z.array(z.string()).nullish(),
      inhibitedBy: z.array(z.string()).nullish(),
    }),
  }),
);
const matcher = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() });
const silencesReply = z.array(
  z.object({
    id: z.string(),
    matchers: z.array(matcher),
    startsAt: time,
    endsAt: time,
    createdBy: z.string(),
    comment: z.string(),
    status: z.object({ state: z.string() }),
  }),
);
const createdReply = z.object({ silenceID: z.string() });

export class AlertmanagerClient {
  private readonly http: HttpApi;

  constructor(options: HttpApiOptions) {
    this.http = new HttpApi(options, 'Alertmanager', (message, status) => new AlertmanagerError(message, status));
  }

  get url(): string {
    return this.http.url;
  }

  get host(): string {
    return this.http.host;
  }

  /** Alerts Alertmanager holds now, silenced and inhibited ones included. */
  async alerts(signal?: AbortSignal): Promise<AmAlert[]> {
    const parsed = alertsReply.safeParse(await this.json('alerts', { signal }));
    if (!parsed.success) throw new AlertmanagerError(`unexpected alerts reply: ${z.prettifyError(parsed.error)}`, 200);
    return parsed.data.map((a) => ({
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt: a.startsAt,
      state: a.status.state,
      silencedBy: a.status.silencedBy ?? [],
      inhibitedBy: a.status.inhibitedBy ?? [],
    }));
  }

  /** Every silence Alertmanager keeps (expired ones too, for a while). */
  async silences(signal?: AbortSignal): Promise<AmSilence[]> {
    const parsed = silencesReply.safeParse(await this.json('silences', { signal }));
    if (!parsed.success) throw new AlertmanagerError(`unexpected silences reply: ${z.prettifyError(parsed.error)}`, 200);
    return parsed.data.map((s) => ({
      id: s.id,
      matchers: s.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true })),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      createdBy: s.createdBy,
      comment: s.comment,
      state: s.status.state,
    }));
  }

  /** Creates a silence; resolves with its id. Not retried: a lost reply may still have created it. */
  async createSilence(silence: NewSilence, signal?: AbortSignal): Promise<string> {
    if (silence.matchers.length === 0) throw new AlertmanagerError('a silence needs at least one matcher', null);
    if (!(silence.endsAt > silence.startsAt)) throw new AlertmanagerError('a silence must end after it starts', null);
    const body = {
      matchers: silence.matchers,
      startsAt: new Date(silence.startsAt).toISOString(),
      endsAt: new Date(silence.endsAt).toISOString(),
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
    const parsed = createdReply.safeParse(await this.json('silences', { method: 'POST', body, signal }));
    if (!parsed.success) throw new AlertmanagerError(`unexpected reply to a new silence: ${z.prettifyError(parsed.error)}`, 200);
    return parsed.data.silenceID;
  }

  /** Expires a silence now (Alertmanager keeps it, expired). */
  async expireSilence(id: string, signal?: AbortSignal): Promise<void> {
    if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) throw new AlertmanagerError(`not a silence id: ${JSON.stringify(id.slice(0, 100))}`, null);
    await this.json(`silence/${id}`, { method: 'DELETE', signal }, true);
  }

  private async json(
    path: string,
    request: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; signal?: AbortSignal | undefined },
    emptyOk = false,
  ): Promise<unknown> {
    const { status, text } = await this.http.request(`api/v2/${path}`, {
      ...(request.method ? { method: request.method } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    // Alertmanager answers errors with a JSON string or plain text: show its first line.
    if (status < 200 || status > 299)
      throw new AlertmanagerError(`Alertmanager ${path}: HTTP ${status}: ${text.trim().split('\n')[0]!.slice(0, 300)}`, status);
    if (emptyOk && text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (emptyOk) return undefined;
      throw new AlertmanagerError(`Alertmanager ${path}: HTTP ${status}: not an Alertmanager API reply`, status);
    }
  }
}
