import { spawn } from 'node:child_process';

/*
 * Acting on members: ZooKeeper cannot start or stop its own servers, so the user gives command
 * templates (per cluster, or a preset) and we run them through a shell, reading the exit code,
 * bounded by a timeout. Placeholders: {id} (myid), {host}, {clientPort}, {action}.
 */

export type MemberAction = 'start' | 'stop' | 'restart';
export const MEMBER_ACTIONS: readonly MemberAction[] = ['start', 'stop', 'restart'];

/** The member a command acts on. */
export interface ControlTarget {
  /** myid; null when nobody could tell (a template with {id} then cannot be filled). */
  readonly id: number | null;
  readonly host: string;
  readonly clientPort: number;
}

/** One template per action; a template may also use {action} to serve several. */
export type ControlTemplates = Partial<Record<MemberAction, string>>;

const PLACEHOLDERS = ['id', 'host', 'clientPort', 'action'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** A template that cannot be used; the message names the problem. */
export class ControlTemplateError extends Error {
  override readonly name = 'ControlTemplateError';
}

/** Checks a template: non-empty, only known placeholders. Throws ControlTemplateError. */
export function checkTemplate(template: string): void {
  if (template.trim() === '') throw new ControlTemplateError('the command template is empty');
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!PLACEHOLDERS.includes(match[1] as Placeholder)) {
      throw new ControlTemplateError(
        `unknown placeholder {${match[1]}} in "${template}"; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      );
    }
  }
}

/**
 * Values go into a shell command unquoted, so only values that cannot mean anything to a shell
 * are filled in: a host of letters, digits, dots, dashes, underscores and colons (IPv6), whole
 * numbers, and the action words.
 */
const SAFE_HOST = /^[A-Za-z0-9._:-]{1,253}$/;

/** The command for `action` on `target`; throws ControlTemplateError when it cannot be made safely. */
export function fillTemplate(template: string, action: MemberAction, target: ControlTarget): string {
  checkTemplate(template);
  const values: Record<Placeholder, string | null> = {
    id: target.id !== null && Number.isInteger(target.id) && target.id >= 0 ? String(target.id) : null,
    host: SAFE_HOST.test(target.host) ? target.host : null,
    clientPort:
      Number.isInteger(target.clientPort) && target.clientPort > 0 && target.clientPort < 65536 ? String(target.clientPort) : null,
    action,
  };
  return template.replace(/\{(id|host|clientPort|action)\}/g, (_, name: Placeholder) => {
    const value = values[name];
    if (value === null) {
      const why =
        name === 'id'
          ? `the id of ${target.host}:${target.clientPort} is not known`
          : `${name} ${JSON.stringify(name === 'host' ? target.host : target.clientPort)} is not safe in a shell command`;
      throw new ControlTemplateError(`cannot fill {${name}}: ${why}`);
    }
    return value;
  });
}

/** How a command ended. */
export interface CommandOutcome {
  readonly command: string;
  /** The exit code; null when it was killed (timeout, signal) or could not start. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** The last few KB of its output, stdout and stderr interleaved. */
  readonly output: string;
  readonly ms: number;
  /** Why it could not start, when it could not. */
  readonly error?: string;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
const OUTPUT_TAIL = 4096;

/**
 * Runs `command` through /bin/sh in its own process group; on timeout (or abort) the whole group
 * gets SIGKILL, by the group id of the shell we started. Never rejects.
 */
export function runShell(
  command: string,
  options: {
    timeoutMs?: number;
    signal?: AbortSignal;
    env?: NodeJS.ProcessEnv;
    /** Each chunk of output as it arrives (the editor streams it into a visible terminal). */
    onOutput?: (text: string) => void;
  } = {},
): Promise<CommandOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: options.env ?? process.env });
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-OUTPUT_TAIL);
      try {
        options.onOutput?.(text);
      } catch {
        // A failing listener must not lose the command's outcome.
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    const onAbort = (): void => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let error: string | undefined;
    child.on('error', (err) => {
      error = err.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        command,
        exitCode: code,
        signal,
        timedOut,
        output: output.trimEnd(),
        ms: Date.now() - started,
        ...(error ? { error } : {}),
      });
    });
  });
}

/** Starts, stops and restarts members through command templates. */
export class MemberControl {
  constructor(
    private readonly templates: ControlTemplates,
    /** Per command. */
    readonly timeoutMs: number = DEFAULT_COMMAND_TIMEOUT_MS,
    /** Runs a command; runShell unless a test or the editor (a visible terminal task) provides another. */
    private readonly runner: (command: string, options: { timeoutMs: number; signal?: AbortSignal }) => Promise<CommandOutcome> = runShell,
  ) {
    for (const t of Object.values(templates)) if (t !== undefined) checkTemplate(t);
  }

  /** One template for every action, using {action}. */
  static fromActionTemplate(template: string, timeoutMs?: number): MemberControl {
    checkTemplate(template);
    if (!template.includes('{action}'))
      throw new ControlTemplateError(`the control template needs {action} (start, stop or restart): "${template}"`);
    return new MemberControl({ start: template, stop: template, restart: template }, timeoutMs);
  }

  supports(action: MemberAction): boolean {
    return this.templates[action] !== undefined;
  }

  /** The command that would run; throws ControlTemplateError when it cannot be made. */
  command(action: MemberAction, target: ControlTarget): string {
    const template = this.templates[action];
    if (template === undefined) throw new ControlTemplateError(`no command configured to ${action} a member`);
    return fillTemplate(template, action, target);
  }

  async run(action: MemberAction, target: ControlTarget, signal?: AbortSignal): Promise<CommandOutcome> {
    return this.runner(this.command(action, target), { timeoutMs: this.timeoutMs, signal });
  }
}

/** `exit 0 in 1.2 s`, `exit 3 in 0.4 s: <output>`, `timed out after 120 s`. */
export function describeOutcome(o: CommandOutcome): string {
  const secs = `${(o.ms / 1000).toFixed(1)} s`;
  const tail = o.output ? `: ${o.output.split('\n').slice(-3).join(' | ')}` : '';
  if (o.error) return `could not run: ${o.error}`;
  if (o.timedOut) return `timed out after ${secs} (killed)${tail}`;
  if (o.exitCode === null) return `killed by ${o.signal ?? 'a signal'} after ${secs}${tail}`;
  return `exit ${o.exitCode} in ${secs}${o.exitCode === 0 ? '' : tail}`;
}
