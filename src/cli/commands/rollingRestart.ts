import { ControlTemplateError, MemberControl } from '../../core/recovery/control';
import { planRollingRestart } from '../../core/recovery/rollingRestart';
import { RunResult, runRunbook } from '../../core/recovery/runner';
import { CliCommand, UsageError, boolFlag, stringFlag } from '../command';
import { intOption } from '../options';
import { cliActor, openCliEnsemble, printEvent, runJson, stateLines } from '../runbookCli';
import { connectArg } from '../zkSession';

const usage = [
  "zkops rolling-restart <connect> --restart '<command template>' [--dry-run] [--timeout S] [--json]",
  '  Restarts every member one at a time while the ensemble can lose one: observers and followers',
  '  first, the leader last; after each restart it waits until the member serves in its role and is',
  "  synced (zxid caught up, the leader's synced follower count back) before the next. The template",
  '  runs through /bin/sh with {id}, {host} and {clientPort} filled in, e.g.',
  "  --restart 'ssh {host} sudo systemctl restart zookeeper@{id}'.",
  '  --dry-run  print the order and the checks without restarting anything',
  '  --timeout  seconds each member may take to come back and sync (and its command to run); default 120',
  '  --json     one JSON object at the end (schema zkops-runbook/1) instead of the step lines',
  '  Exit code: 0 all restarted and the ensemble healthy (or the dry run found it safe); 1 refused',
  '  before acting (margin, a member already down, no leader); 2 stopped part-way (what was done and',
  '  the current state are printed) or bad usage.',
].join('\n');

/** Exit code of a run: 0 done, 1 refused before anything was done, 2 stopped part-way. */
export function exitCodeOfRun(result: RunResult): 0 | 1 | 2 {
  if (result.status === 'completed' || result.status === 'planned') return 0;
  return result.acted === 0 ? 1 : 2;
}

export const rollingRestartCommand: CliCommand = {
  name: 'rolling-restart',
  summary: 'restart every member safely, one at a time, leader last; exit 0 done, 1 refused, 2 stopped part-way',
  usage,
  options: { restart: { type: 'string' }, 'dry-run': { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
  maxPositionals: 1,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const template = stringFlag(args, 'restart');
    if (template === undefined) throw new UsageError("--restart '<command template>' is required");
    const timeoutText = stringFlag(args, 'timeout');
    const seconds = timeoutText === undefined ? 120 : intOption(timeoutText, '--timeout', 1, 3600, 'seconds');
    let control: MemberControl;
    try {
      control = new MemberControl({ restart: template }, seconds * 1000);
    } catch (err) {
      if (err instanceof ControlTemplateError) throw new UsageError(`--restart: ${err.message}`);
      throw err;
    }
    const json = boolFlag(args, 'json');
    const dryRun = boolFlag(args, 'dry-run');
    const ensemble = await openCliEnsemble(connect, io);
    try {
      const report = await ensemble.source.observe();
      const runbook = planRollingRestart(report, { control, memberTimeoutMs: seconds * 1000, memory: ensemble.memory });
      const result = await runRunbook(
        runbook,
        { observe: () => ensemble.source.observe(), control },
        {
          mode: dryRun ? 'plan' : 'run',
          // Running the command is the consent: every act step was shown in the usage and is printed before it runs.
          consent: async () => true,
          onEvent: json ? undefined : (event) => printEvent(io, event),
          cluster: connect,
          actor: cliActor(),
          pollMs: 250,
        },
      );
      const code = exitCodeOfRun(result);
      const final =
        result.status === 'completed' || result.status === 'planned' || result.status === 'refused'
          ? report
          : await ensemble.source.observe().catch(() => null);
      if (json) {
        io.out(JSON.stringify(runJson('rolling-restart', result, code, final, ensemble.memory), null, 2));
      } else {
        if (result.status === 'refused') io.out(`refused: ${runbook.refusal}`);
        if (code === 2) {
          const done = result.log.steps.filter((s) => s.kind === 'act' && s.state === 'done').map((s) => s.title);
          io.out(`stopped part-way: ${done.length ? `done: ${done.join(', ')}` : 'no restart completed'}`);
        }
        if (final && code !== 0) io.out(['current state:', ...stateLines(final, ensemble.memory)].join('\n'));
        io.out(`result: ${result.status} (exit ${code})`);
      }
      return code;
    } finally {
      await ensemble.close();
    }
  },
};
