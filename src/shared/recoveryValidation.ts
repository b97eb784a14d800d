import * as z from 'zod/mini';
import {
  CHECKLIST_STATES,
  RECOVERY_LIMITS as L,
  RUN_OUTCOMES,
  RecoveryHostMessage,
  RecoveryView,
  RecoveryWebviewMessage,
  RunView,
} from './recoveryProtocol';

/*
 * Both directions of the Recovery section, checked on receipt. The host checks what the webview
 * asks (it can start runs and give consent: only well-formed requests naming a run and a step get
 * through); the webview checks what the host sends before it draws a control from it (a consent
 * button must belong to a step that is waiting). Mistyped, unknown or oversized fields are rejected.
 * zod/mini, not zod: the webview bundles these schemas, and mini adds a fraction of zod's size.
 */

/** Runbook and step ids are slugs (`member-down`, `start-1`); run ids are `run-<n>`. */
const slug = z.string().check(z.minLength(1), z.maxLength(L.id), z.regex(/^[a-z0-9][a-z0-9-]*$/));
const runId = z.string().check(z.maxLength(L.id), z.regex(/^run-\d+$/));
const member = z.string().check(z.minLength(1), z.maxLength(L.member));
const text = z.string().check(z.maxLength(L.text));
const count = z.int().check(z.minimum(0));
// Readonly arrays, as the protocol declares them (the Same<> check below compares both ways).
const list = <T extends z.ZodMiniType>(item: T, max: number) => z.readonly(z.array(item).check(z.maxLength(max)));
const texts = (max: number) => list(text, max);

/** The webview's requests, for the dashboard's message union (dashboardValidation.ts). */
export const recoveryWebviewSchemas = [
  z.strictObject({ type: z.literal('runRunbook'), runbook: slug, member: z.nullable(member) }),
  z.strictObject({ type: z.literal('consent'), run: runId, step: slug, consent: z.boolean() }),
  z.strictObject({ type: z.literal('stopRun'), run: runId }),
  z.strictObject({ type: z.literal('saveRunLog'), run: runId }),
] as const;

const act = z.strictObject({
  does: text,
  command: z.nullable(text),
  where: text,
  manual: z.nullable(text),
  tolerance: text,
  losesData: z.boolean(),
});

const consent = z.strictObject({ question: text, detail: texts(12), button: text });

const step = z
  .strictObject({
    id: slug,
    kind: z.enum(['diagnose', 'act', 'verify']),
    title: text,
    state: z.enum(CHECKLIST_STATES),
    word: text,
    summary: z.nullable(text),
    evidence: texts(L.evidence),
    act: z.nullable(act),
    expect: z.nullable(text),
    consent: z.nullable(consent),
  })
  .check(
    z.refine((s) => s.consent === null || (s.kind === 'act' && s.state === 'waiting'), {
      message: 'only an act step waiting for consent carries a consent question',
    }),
  );

const run = z.strictObject({
  id: runId,
  runbook: slug,
  title: text,
  reason: text,
  openedFor: z.nullable(text),
  status: z.nullable(z.enum(RUN_OUTCOMES)),
  now: text,
  acted: count,
  startedAt: text,
  endedAt: z.nullable(text),
  consentIn: z.enum(['dashboard', 'dialog']),
  steps: list(step, L.steps),
  log: list(
    z.strictObject({
      at: text,
      step: z.nullable(slug),
      kind: z.enum(['seen', 'plan', 'did', 'outcome', 'note']),
      text,
    }),
    L.logLines,
  ),
  logOmitted: count,
});

const offer = z.strictObject({
  runbook: slug,
  title: text,
  reason: text,
  refusal: z.nullable(text),
  members: list(member, 64),
  alerts: list(slug, 64),
});

const view = z.strictObject({
  known: list(slug, 200),
  offers: list(offer, L.offers),
  runs: list(run, L.runs),
  busy: z.boolean(),
  control: text,
  notice: z.nullable(text),
});

const hostMessage = z.strictObject({ type: z.literal('recovery'), recovery: view });

// The schemas and the declared types must describe the same messages (as in dashboardValidation.ts).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type RecoverySchemasMatchProtocol = [
  Same<z.infer<typeof hostMessage>, RecoveryHostMessage>,
  Same<z.infer<typeof view>, RecoveryView>,
  Same<z.infer<typeof run>, RunView>,
  Same<z.infer<(typeof recoveryWebviewSchemas)[number]>, RecoveryWebviewMessage>,
];
const schemasMatch: RecoverySchemasMatchProtocol = [true, true, true, true];
void schemasMatch;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The webview's check of a `recovery` message from the host. */
export function parseRecoveryMessage(raw: unknown): Checked<RecoveryHostMessage> {
  const parsed = hostMessage.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: z.prettifyError(parsed.error) };
}
