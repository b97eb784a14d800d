import * as vscode from 'vscode';
import { CommandOutcome, describeOutcome, runShell } from '../../core/recovery/control';

/*
 * Where member control commands run in the editor: a visible terminal ("ZooKeeper Recovery") fed by
 * a child process we start ourselves. Not a Task: its exit code arrives only through
 * onDidEndTaskProcess (undefined when the task is terminated, and shell tasks want a workspace folder
 * to be scoped to). Not a shell Terminal: it gives an exit code only with shell integration. Here
 * runShell reads the exit code directly, runs the command in its own process group and kills the
 * group on timeout or when the run is stopped, while the user watches the command and its output.
 */

/** One command as the terminal ran it (host tests read these). */
export interface TerminalRun {
  readonly command: string;
  readonly outcome: CommandOutcome;
}

const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';

/** Terminal text wants CRLF line ends. */
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export class RecoveryTerminal implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private writer: vscode.EventEmitter<string> | undefined;
  /** Written before the terminal opened: a pseudoterminal drops writes until `open`. */
  private pending: string[] | undefined;
  private readonly closeListener: vscode.Disposable;
  /** Commands run, newest last; bounded. */
  readonly runs: TerminalRun[] = [];

  constructor(private readonly name = 'ZooKeeper Recovery') {
    this.closeListener = vscode.window.onDidCloseTerminal((t) => {
      if (t !== this.terminal) return;
      this.writer?.dispose();
      this.terminal = undefined;
      this.writer = undefined;
      this.pending = undefined;
    });
  }

  private write(text: string): void {
    if (this.pending) this.pending.push(text);
    else this.writer?.fire(text);
  }

  private ensure(): vscode.Terminal {
    if (this.terminal) return this.terminal;
    const writer = new vscode.EventEmitter<string>();
    this.writer = writer;
    this.pending = [];
    const pty: vscode.Pseudoterminal = {
      onDidWrite: writer.event,
      open: () => {
        const queued = this.pending ?? [];
        this.pending = undefined;
        for (const text of queued) writer.fire(text);
      },
      // Closing the terminal does not stop a command: its outcome is still read, and the run's
      // own stop (cancel) kills it.
      close: () => undefined,
    };
    this.terminal = vscode.window.createTerminal({ name: this.name, pty, iconPath: new vscode.ThemeIcon('pulse') });
    return this.terminal;
  }

  /** A line of context in the terminal (which runbook, which step, or what to do by hand). */
  note(text: string): void {
    this.ensure();
    this.write(`${DIM}${crlf(text)}${RESET}\r\n`);
  }

  /** Runs `command` visibly; resolves with its outcome (never rejects). */
  async run(command: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CommandOutcome> {
    this.ensure().show(true);
    this.write(`${BOLD}$ ${crlf(command)}${RESET}\r\n`);
    const outcome = await runShell(command, { ...options, onOutput: (text) => this.write(crlf(text)) });
    const ok = outcome.exitCode === 0 && !outcome.timedOut;
    // The outcome line carries no output tail: the output is right above it.
    this.write(`${ok ? GREEN : RED}[${describeOutcome({ ...outcome, output: '' })}]${RESET}\r\n\r\n`);
    this.runs.push({ command, outcome });
    if (this.runs.length > 100) this.runs.shift();
    return outcome;
  }

  dispose(): void {
    this.closeListener.dispose();
    this.terminal?.dispose();
    this.writer?.dispose();
  }
}
