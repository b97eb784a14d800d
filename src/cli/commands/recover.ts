import { backupRoot } from '../../core/recovery/backup';
import { ControlTemplateError, MemberControl } from '../../core/recovery/control';
import { applicableRunbooks, planRecovery } from '../../core/recovery/runbooks';
import { RunResult, runRunbook } from '../../core/recovery/runner';
import * as path from 'node:path';
import { CliCommand, UsageError, boolFlag, stringFlag } from '../command';
import { intOption } from '../options';
import { cliActor, openCliEnsemble, printEvent, runJson, stateLines } from '../runbookCli';
import { connectArg, credentialsFrom } from '../zkSession';

const usage = [
  "zkops recover <connect> [--control '<template with {action} {id}>'] [--yes] [--json] [--timeout S] [--auth-file file|-]",
  '  Diagnoses the ensemble and prints the plan of the most urgent runbook (member down or hung,',
  '  quorum lost, split brain, read-only member, lag, drift, even voters, connections, watches,',
  '  fsync, …): its steps and the evidence. With --yes it runs the plan: acting through --control',
  '  (run through /bin/sh with {action} = start|stop|restart and {id}, {host}, {clientPort} filled',
  '  in), or, without it, telling you what to run where; then it verifies. Data-losing steps write a',
  '  backup of / first (under $ZKOPS_STATE_DIR, default ~/.local/state/zkops/backups). It remembers',
  "  members' ids and last zxids between runs, which orders a quorum recovery (highest zxid first).",
  '  --timeout  seconds each verify step (and each command) may take; default 120',
  '  Credentials for the backup: ZKOPS_AUTH=user:password or --auth-file.',
  '  Exit code: 0 healthy at the end (or to begin with); 1 plan printed and nothing done (no --yes)',
  '  or refused; 2 a step failed or a verification timed out, or bad usage.',
].join('\n');

function exitCode(result: RunResult): 0 | 1 | 2 {
  switch (result.status) {
    case 'completed':
      return 0;
    case 'planned':
    case 'refused':
    case 'declined':
      return 1;
    case 'stopped':
      return result.acted === 0 ? 1 : 2;
    default:
      return 2;
  }
}

export const recoverCommand: CliCommand = {
  name: 'recover',
  summary: 'diagnose, print the recovery plan, and with --yes run it and verify; exit 0 healthy, 1 plan only/refused, 2 failed',
  usage,
  options: {
    control: { type: 'string' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    auth: { type: 'string' },
    'auth-file': { type: 'string' },
  },
  maxPositionals: 1,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const timeoutText = stringFlag(args, 'timeout');
    const seconds = timeoutText === undefined ? 120 : intOption(timeoutText, '--timeout', 1, 3600, 'seconds');
    const template = stringFlag(args, 'control');
    let control: MemberControl | undefined;
    try {
      control = template === undefined ? undefined : MemberControl.fromActionTemplate(template, seconds * 1000);
    } catch (err) {
      if (err instanceof ControlTemplateError) throw new UsageError(`--control: ${err.message}`);
      throw err;
    }
    const auth = await credentialsFrom(args, io);
    const json = boolFlag(args, 'json');
    const yes = boolFlag(args, 'yes');
    const ensemble = await openCliEnsemble(connect, io);
    try {
      const report = await ensemble.source.observe();
      const runbook = planRecovery(report, { control, memory: ensemble.memory, verifyTimeoutMs: seconds * 1000, connect });
      if (!runbook) {
        if (json)
          io.out(
            JSON.stringify(
              {
                schema: 'zkops-runbook/1',
                command: 'recover',
                exitCode: 0,
                status: 'healthy',
                runbook: null,
                state: {
                  summary: report.summary,
                  members: stateLines(report, ensemble.memory)
                    .slice(1)
                    .map((l) => l.trim()),
                },
              },
              null,
              2,
            ),
          );
        else io.out([`nothing to recover: ${report.summary}`, ...stateLines(report, ensemble.memory)].join('\n'));
        return 0;
      }
      if (!json) {
        const others = applicableRunbooks(report).filter((id) => id !== runbook.id);
        io.out(`runbook: ${runbook.id}: ${runbook.title}${others.length ? ` (also applies: ${others.join(', ')})` : ''}`);
      }
      const backupDir = path.join(ensemble.dir, 'backups');
      const result = await runRunbook(
        runbook,
        {
          observe: () => ensemble.source.observe(),
          control,
          backup: async () => {
            const b = await backupRoot(connect, { dir: backupDir, auth });
            return `${b.file} (${b.count} znodes${b.note ? `; ${b.note}` : ''})`;
          },
        },
        {
          mode: yes ? 'run' : 'plan',
          consent: async () => yes,
          onEvent: json ? undefined : (event) => printEvent(io, event),
          cluster: connect,
          actor: cliActor(),
          pollMs: 250,
        },
      );
      const code = exitCode(result);
      const final = result.acted > 0 ? await ensemble.source.observe().catch(() => null) : report;
      if (json) {
        io.out(JSON.stringify(runJson('recover', result, code, final, ensemble.memory), null, 2));
      } else {
        if (result.status === 'planned') io.out('plan only: nothing was done; run again with --yes to carry it out');
        if (result.status === 'refused') io.out(`refused: ${runbook.refusal}`);
        if (final && code !== 0) io.out(['current state:', ...stateLines(final, ensemble.memory)].join('\n'));
        io.out(`result: ${result.status} (exit ${code})`);
      }
      return code;
    } finally {
      await ensemble.close();
    }
  },
};
