import { z } from 'zod';
import { CommandOutcome, ControlTemplates, MemberControl, checkTemplate } from './control';

/*
 * Ready-made control templates, and the per-cluster `control` setting that picks one or gives
 * custom commands. The sandbox preset drives `zkops sandbox start|stop|restart <id>`, so every runbook can
 * be practised on the local sandbox.
 */

export type ControlPresetName = 'systemd' | 'docker' | 'kubernetes' | 'sandbox' | 'custom';

export interface ControlPreset {
  readonly name: ControlPresetName;
  readonly title: string;
  readonly templates: ControlTemplates;
  /** What the user should know before choosing it. */
  readonly note: string;
}

export const CONTROL_PRESETS: readonly ControlPreset[] = [
  {
    name: 'systemd',
    title: 'systemd (zookeeper@<id> units)',
    templates: {
      start: 'systemctl start zookeeper@{id}',
      stop: 'systemctl stop zookeeper@{id}',
      restart: 'systemctl restart zookeeper@{id}',
    },
    note: 'Runs systemctl on this machine: use it where the members run here, or wrap it in ssh {host} yourself (custom).',
  },
  {
    name: 'docker',
    title: 'Docker (containers zk<id>)',
    templates: { start: 'docker start zk{id}', stop: 'docker stop zk{id}', restart: 'docker restart zk{id}' },
    note: 'Containers named zk1, zk2, … on the Docker host this machine talks to.',
  },
  {
    name: 'kubernetes',
    title: 'Kubernetes (pods zk-<id> of a StatefulSet)',
    // A StatefulSet recreates a deleted pod with its volume: delete is how a member is restarted
    // or started again; there is no lasting stop.
    templates: { start: 'kubectl delete pod zk-{id}', restart: 'kubectl delete pod zk-{id}' },
    note: 'Deletes the pod; the StatefulSet recreates it with the same volume. Stop is not offered (the pod would come back).',
  },
  {
    name: 'sandbox',
    title: 'The local zkops sandbox',
    templates: { start: 'npx zkops sandbox start {id}', stop: 'npx zkops sandbox stop {id}', restart: 'npx zkops sandbox restart {id}' },
    note: 'For practising runbooks on `npm run sandbox`; run from the project folder.',
  },
  {
    name: 'custom',
    title: 'Custom script',
    templates: {
      start: './zk-control.sh start {id} {host} {clientPort}',
      stop: './zk-control.sh stop {id} {host} {clientPort}',
      restart: './zk-control.sh restart {id} {host} {clientPort}',
    },
    note: 'Replace with your own commands; {id}, {host}, {clientPort} and {action} are filled in.',
  },
];

export function presetNamed(name: ControlPresetName): ControlPreset {
  return CONTROL_PRESETS.find((p) => p.name === name)!;
}

const template = z.string().superRefine((text, ctx) => {
  try {
    checkTemplate(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
  }
});

/** The per-cluster `control` setting: a preset, optionally with commands of its own on top. */
export const controlSettingsSchema = z
  .object({
    preset: z.enum(['systemd', 'docker', 'kubernetes', 'sandbox', 'custom']).optional(),
    start: template.optional(),
    stop: template.optional(),
    restart: template.optional(),
    /** Seconds one command may take. */
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
  })
  .strict();

export type ControlSettings = z.infer<typeof controlSettingsSchema>;

/**
 * A MemberControl from a cluster's `control` setting; undefined when none is set (runbooks then
 * tell the user what to run). Throws with the setting's problem when it is invalid.
 */
export function controlFromSettings(
  raw: unknown,
  /** Runs each command; runShell when absent (the editor passes a visible terminal's runner). */
  runner?: (command: string, options: { timeoutMs: number; signal?: AbortSignal }) => Promise<CommandOutcome>,
): MemberControl | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = controlSettingsSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `invalid control setting: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'control'}: ${i.message}`).join('; ')}`,
    );
  const s = parsed.data;
  const base = s.preset ? presetNamed(s.preset).templates : {};
  const templates: ControlTemplates = {
    ...base,
    ...(s.start ? { start: s.start } : {}),
    ...(s.stop ? { stop: s.stop } : {}),
    ...(s.restart ? { restart: s.restart } : {}),
  };
  if (Object.keys(templates).length === 0) return undefined;
  return new MemberControl(templates, s.timeoutSeconds ? s.timeoutSeconds * 1000 : undefined, runner);
}
