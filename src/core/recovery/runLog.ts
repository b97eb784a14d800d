import type { LogEntry, RunStatus, Step, StepState } from './types';

/** A step as the log shows it: its kind, title and last state. */
export interface LoggedStep {
  readonly id: string;
  readonly kind: Step['kind'];
  readonly title: string;
  state: StepState;
  summary: string | null;
}

/**
 * The record of one run: what was seen, what was done and by whom, and how each step ended.
 * Kept as plain data (the editor shows it live, the CLI prints it as JSON) and savable as Markdown.
 */
export class RunLog {
  readonly entries: LogEntry[] = [];
  readonly steps: LoggedStep[];
  readonly startedAt: string;
  endedAt: string | null = null;
  status: RunStatus | null = null;

  constructor(
    readonly runbook: { readonly id: string; readonly title: string; readonly reason: string },
    steps: readonly Step[],
    /** The cluster's connect string. */
    readonly cluster: string,
    /** Who ran it: a user name, or `zkops` with the user it runs as. */
    readonly actor: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.startedAt = now().toISOString();
    this.steps = steps.map((s) => ({ id: s.id, kind: s.kind, title: s.title, state: 'pending', summary: null }));
  }

  add(kind: LogEntry['kind'], text: string, step?: string): LogEntry {
    const entry: LogEntry = { at: this.now().toISOString(), kind, text, ...(step ? { step } : {}) };
    this.entries.push(entry);
    return entry;
  }

  setState(step: string, state: StepState, summary?: string): void {
    const s = this.steps.find((x) => x.id === step);
    if (!s) return;
    s.state = state;
    if (summary !== undefined) s.summary = summary;
  }

  finish(status: RunStatus): void {
    this.status = status;
    this.endedAt = this.now().toISOString();
  }

  toJSON(): object {
    return {
      runbook: this.runbook,
      cluster: this.cluster,
      actor: this.actor,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      status: this.status,
      steps: this.steps,
      entries: this.entries,
    };
  }

  /** The log as a Markdown document: header, the checklist, then every entry in order. */
  toMarkdown(): string {
    const lines = [
      `# Runbook: ${inline(this.runbook.title)} (\`${this.runbook.id}\`)`,
      '',
      `- Cluster: \`${code(this.cluster)}\``,
      `- Run by: ${inline(this.actor)}`,
      `- Started: ${this.startedAt}${this.endedAt ? `, ended: ${this.endedAt}` : ''}`,
      `- Outcome: **${this.status ?? 'running'}**`,
      `- Why: ${inline(this.runbook.reason)}`,
      '',
      '## Steps',
      '',
    ];
    this.steps.forEach((s, i) => {
      const box = s.state === 'done' ? '[x]' : '[ ]';
      lines.push(`${i + 1}. ${box} **${s.kind}** ${inline(s.title)} — ${s.state}${s.summary ? `: ${inline(s.summary)}` : ''}`);
    });
    lines.push('', '## Log', '');
    for (const e of this.entries) {
      const where = e.step ? ` [${e.step}]` : '';
      const [first, ...rest] = e.text.split('\n');
      lines.push(`- \`${e.at}\`${where} ${e.kind}: ${inline(first ?? '')}`);
      for (const more of rest) lines.push(`  ${inline(more)}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Server strings in the log stay text in a Markdown preview: no links, images, HTML or code spans. */
function inline(text: string): string {
  return text.replace(/[<>[\]`*_]/g, '\\$&');
}

function code(text: string): string {
  return text.replace(/`/g, "'");
}
