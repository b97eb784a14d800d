import { ownHealthSource } from '../../core/recovery/observe';
import { ChangeSyntaxError, MembershipChange, parseAdd, parseId } from '../../core/recovery/reconfig/changes';
import { applyReconfig, planFromEnsemble, readConfig } from '../../core/recovery/reconfig/apply';
import { describePlan } from '../../core/recovery/reconfig/plan';
import { CliCommand, UsageError, boolFlag, repeatedFlag } from '../command';
import { parseConnectString } from '../../core/connectString';
import { connectArg, credentialsFrom, reportFailure } from '../zkSession';
import { isZkError } from '../../core/zk/errors';
import { ZkSession } from '../../core/zk/session';

const usage = [
  "zkops reconfig <connect> (--add 'server.N=host:quorumPort:electionPort[:role];clientPort' | --remove N | --observer N | --participant N)... [--dry-run] --auth super:<password>",
  '  Changes the membership with dynamic reconfig (ZooKeeper 3.5+, reconfigEnabled=true), conditional',
  '  on the config version read first. Refuses a change that adds more than one new participant, or',
  '  that leaves the new config without a majority of members synced now.',
  '  --dry-run  show the new membership, its quorum size and fault tolerance, and the config version;',
  '             change nothing',
  '  --auth     a user allowed to reconfig (a super user, or one granted rwa on /zookeeper/config);',
  '             ZKOPS_AUTH=user:password or --auth-file keep the password off the command line.',
  '             The password is never printed.',
  '  Exit code: 0 applied (or the dry run found it acceptable); 1 refused (the rule is printed);',
  '  2 error (bad usage, no connection, not authorised, the config changed meanwhile).',
].join('\n');

function changesFrom(args: Parameters<CliCommand['run']>[0]): MembershipChange[] {
  try {
    return [
      ...repeatedFlag(args, 'add').map(parseAdd),
      ...repeatedFlag(args, 'remove').map((t) => parseId('remove', t)),
      ...repeatedFlag(args, 'observer').map((t) => parseId('observer', t)),
      ...repeatedFlag(args, 'participant').map((t) => parseId('participant', t)),
    ];
  } catch (err) {
    if (err instanceof ChangeSyntaxError) throw new UsageError(err.message);
    throw err;
  }
}

export const reconfigCommand: CliCommand = {
  name: 'reconfig',
  summary: 'add or remove members, or switch observer/participant, by dynamic reconfig; exit 0 applied, 1 refused, 2 error',
  usage,
  options: {
    add: { type: 'string' },
    remove: { type: 'string' },
    observer: { type: 'string' },
    participant: { type: 'string' },
    'dry-run': { type: 'boolean' },
    auth: { type: 'string' },
    'auth-file': { type: 'string' },
  },
  maxPositionals: 1,
  async run(args, io) {
    const connect = connectArg(args, 0);
    const changes = changesFrom(args);
    if (changes.length === 0) throw new UsageError('no change given: use --add, --remove, --observer or --participant');
    const dryRun = boolFlag(args, 'dry-run');
    const auth = await credentialsFrom(args, io);
    if (!dryRun && auth.length === 0)
      throw new UsageError('reconfig needs a user allowed to change /zookeeper/config: --auth super:<password>, ZKOPS_AUTH or --auth-file');
    // The config node is absolute: a chroot in the connect string does not apply to it.
    const root = parseConnectString(connect)
      .servers.map((s) => `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`)
      .join(',');
    const source = ownHealthSource(connect);
    let session: ZkSession | undefined;
    try {
      const report = await source.observe();
      session = await ZkSession.connect(root, { auth, connectTimeoutMs: 10_000, requestTimeoutMs: 15_000 });
      {
        let planned;
        try {
          planned = await planFromEnsemble(session, changes, report);
        } catch (err) {
          if (err instanceof ChangeSyntaxError) {
            io.out(`refused: ${err.message}`);
            return 1;
          }
          throw err;
        }
        const { plan } = planned;
        io.out(describePlan(plan).join('\n'));
        if (plan.refusal) {
          io.out(`refused: ${plan.refusal}`);
          return 1;
        }
        if (dryRun) {
          io.out('dry run: nothing was changed');
          return 0;
        }
        const outcome = await applyReconfig(session, plan);
        if (outcome.status === 'applied') {
          io.out(`applied: config version ${plan.version} -> ${outcome.version}${outcome.note ? ` (${outcome.note})` : ''}`);
          const after = await readConfig(session).catch(() => null);
          if (after) io.out(['membership now:', ...after.members.map((m) => `  server.${m.id}=${m.spec}`)].join('\n'));
          return 0;
        }
        io.err(`zkops reconfig: ${outcome.status === 'not-applied' ? 'not applied' : 'outcome unknown'}: ${outcome.reason}`);
        return 2;
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      if (isZkError(err, 'BADVERSION')) {
        io.err(
          'zkops reconfig: BADVERSION: the config changed since it was read (another reconfig); nothing was applied: look again and rerun',
        );
        return 2;
      }
      return reportFailure(io, 'reconfig', err);
    } finally {
      source.dispose();
      await session?.close();
    }
  },
};
