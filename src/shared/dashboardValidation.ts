import * as z from 'zod';
import { DashboardState, RANGES, WebviewMessage } from './dashboardProtocol';
import { recoveryWebviewSchemas } from './recoveryValidation';

/*
 * The host's boundary check of what the webview sends. A webview is a web page: a bug or injected
 * script there must not be able to make the host do anything the protocol does not allow, nor hold
 * it up with a huge payload. Unknown types, unknown or mistyped fields and oversized messages are
 * rejected; the caller ignores rejected messages.
 */

/** Largest message the webview may send, as JSON. Its real messages are well under 2 KB. */
export const MAX_WEBVIEW_MESSAGE_BYTES = 8 * 1024;
const MAX_ID_CHARS = 256;
/** Members the legend can switch off (ensembles are small; reconfig history adds a few). */
const MAX_HIDDEN = 64;

const range = z.enum(RANGES);

const state = z.strictObject({
  clusterId: z.string().min(1).max(MAX_ID_CHARS),
  range,
  hidden: z.array(z.string().max(MAX_ID_CHARS)).max(MAX_HIDDEN),
  live: z.boolean(),
});

const MAX_TEXT_CHARS = 2048;
const silenceTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ours'), rule: z.string().min(1).max(MAX_ID_CHARS), member: z.string().max(MAX_ID_CHARS).nullable() }),
  z.strictObject({ kind: z.literal('team'), key: z.string().min(1).max(MAX_TEXT_CHARS) }),
]);

const message = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('setRange'), range }),
  z.strictObject({ type: z.literal('setLive'), live: z.boolean() }),
  z.strictObject({ type: z.literal('state'), state }),
  ...recoveryWebviewSchemas,
  z.strictObject({ type: z.literal('silence'), target: silenceTarget }),
]);

// The schemas and the protocol's declared types must describe the same messages: what a schema
// accepts is a declared message, and both know the same message types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type SchemaMatchesProtocol = [
  z.infer<typeof message> extends WebviewMessage ? true : false,
  z.infer<typeof state> extends DashboardState ? true : false,
  Same<z.infer<typeof message>['type'], WebviewMessage['type']>,
];
const schemaMatches: SchemaMatchesProtocol = [true, true, true];
void schemaMatches;

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function sizeOf(raw: unknown): number {
  try {
    return JSON.stringify(raw)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Checks one message from the webview: its size, then its type and fields. */
export function parseWebviewMessage(raw: unknown): Validated<WebviewMessage> {
  const size = sizeOf(raw);
  if (size > MAX_WEBVIEW_MESSAGE_BYTES)
    return { ok: false, error: `message too large (${size} bytes, at most ${MAX_WEBVIEW_MESSAGE_BYTES})` };
  const parsed = message.safeParse(raw);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  return { ok: true, value: parsed.data };
}

/** Checks view state handed back by the serializer after a reload (it was written by the webview). */
export function parseDashboardState(raw: unknown): DashboardState | undefined {
  if (sizeOf(raw) > MAX_WEBVIEW_MESSAGE_BYTES) return undefined;
  const parsed = state.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
