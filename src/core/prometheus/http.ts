/*
 * The HTTP side shared by the Prometheus and Alertmanager clients: a base URL without credentials,
 * a bearer token or basic auth that goes only into the Authorization header (kept in a private
 * field, never in an error or a log line), a timeout per request that a caller's signal can cut
 * short, no redirects (they would take the credentials elsewhere) and a cap on the reply's size.
 */

/** How a team's Prometheus or Alertmanager wants to be asked; kept in the editor's secret storage. */
export type HttpAuth =
  { readonly kind: 'bearer'; readonly token: string } | { readonly kind: 'basic'; readonly user: string; readonly password: string };

/** Why a request failed: the status and the server's own message, never the request's headers. */
export class HttpApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when no reply came (refused, timed out, cancelled). */
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface HttpApiOptions {
  /** Base URL, e.g. `http://prometheus:9090` (a path prefix such as `/prom` is kept). */
  readonly url: string;
  readonly auth?: HttpAuth;
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  /** Largest reply read, in bytes. Default 16 MB. */
  readonly maxBytes?: number;
}

/** The checked base URL without a trailing slash; credentials in it are refused. */
export function baseUrl(text: string, fail: (message: string) => Error): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(`not a URL: ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`not an http(s) URL: ${url.protocol}`);
  if (url.username || url.password) throw fail('put credentials in the secret storage, not in the URL');
  return url.toString().replace(/\/+$/, '');
}

/** Reads a reply body up to `maxBytes`; more is an error, not a truncated parse. */
async function readCapped(res: Response, maxBytes: number, fail: (message: string, status: number | null) => Error): Promise<string> {
  if (!res.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw fail(`reply over ${maxBytes} bytes`, res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Query parameters. */
  readonly params?: Readonly<Record<string, string>>;
  /** A JSON body (POST). */
  readonly body?: unknown;
  /** Cancels the request (the range changed, the panel closed). */
  readonly signal?: AbortSignal;
}

/** One server's HTTP API: requests relative to its base URL. */
export class HttpApi {
  readonly url: string;
  readonly #auth: HttpAuth | undefined;
  readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(
    options: HttpApiOptions,
    /** Names the server in messages ("Prometheus", "Alertmanager"). */
    private readonly service: string,
    private readonly fail: (message: string, status: number | null) => Error,
  ) {
    this.url = baseUrl(options.url, (m) => fail(m, null));
    this.#auth = options.auth;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  /** `host:port` of the server, for labels ("Prometheus 127.0.0.1:9090"). */
  get host(): string {
    return new URL(this.url).host;
  }

  private authorization(): string | undefined {
    const auth = this.#auth;
    if (!auth) return undefined;
    if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
    return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  }

  /** Sends one request; resolves with the status and the body's text (any status but 401/403). */
  async request(apiPath: string, request: HttpRequest = {}): Promise<{ status: number; text: string }> {
    const url = new URL(`${this.url}/${apiPath}`);
    for (const [k, v] of Object.entries(request.params ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization = this.authorization();
    if (authorization !== undefined) headers['authorization'] = authorization;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    // "query_range", "silences": the API's own name for what was asked, without its version prefix.
    const what = apiPath.replace(/^api\/v\d+\//, '');
    let res: Response;
    try {
      res = await fetch(url, {
        method: request.method ?? 'GET',
        headers,
        redirect: 'error',
        signal,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
    } catch (err) {
      throw this.fail(`${this.service} ${what}: ${this.why(err, request.signal)}`, null);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      const why =
        this.#auth === undefined
          ? `${this.service} wants credentials (ZooKeeper: Set Prometheus / Alertmanager Credentials)`
          : 'the stored credentials were refused';
      throw this.fail(`${this.service} ${what}: HTTP ${res.status}: ${why}`, res.status);
    }
    try {
      return { status: res.status, text: await readCapped(res, this.maxBytes, this.fail) };
    } catch (err) {
      if (err instanceof HttpApiError) throw err;
      throw this.fail(`${this.service} ${what}: ${this.why(err, request.signal)}`, null);
    }
  }

  private why(err: unknown, cancel: AbortSignal | undefined): string {
    if (cancel?.aborted) return 'cancelled';
    if (err instanceof Error && (err.name === 'TimeoutError' || (err.name === 'AbortError' && !cancel?.aborted)))
      return `no answer within ${this.timeoutMs} ms`;
    if (err instanceof Error) return err.cause instanceof Error ? err.cause.message : err.message;
    return String(err);
  }
}
