/** Helpers for the znode integration tests: the CLI in-process with captured output, tree builders. */
import { runCli } from '../../src/cli/main';
import type { CliIoInput } from '../../src/cli/command';
import type { ZkSession } from '../../src/core/zk/session';

export interface CliRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `zkops <args>` in this process; stdout bytes exactly as written (out() lines get their
 * newline). The environment is `env` only (default empty), so a ZKOPS_AUTH of the shell running
 * the tests never leaks in. `onErr` sees each stderr line as it is written.
 */
export async function cli(
  args: readonly string[],
  stdin?: Buffer,
  env: Readonly<Record<string, string>> = {},
  onErr?: (line: string) => void,
): Promise<CliRun> {
  const chunks: Buffer[] = [];
  const errs: string[] = [];
  const io: CliIoInput = {
    out: (t) => chunks.push(Buffer.from(t.endsWith('\n') ? t : `${t}\n`)),
    err: (t) => {
      errs.push(t);
      onErr?.(t);
    },
    outBytes: (b) => void chunks.push(Buffer.from(b)),
    env,
    ...(stdin ? { readStdin: () => Promise.resolve(stdin) } : {}),
  };
  const code = await runCli(args, io);
  const stdout = Buffer.concat(chunks);
  return { code, stdout, out: stdout.toString('utf8'), err: errs.join('\n') };
}

/** Creates `count` children under `parent` (created if missing) with a deep pipeline. */
export async function createChildren(
  session: ZkSession,
  parent: string,
  names: readonly string[],
  data: (name: string) => Buffer = () => Buffer.alloc(0),
): Promise<void> {
  if (!(await session.exists(parent))) await session.create(parent);
  const outcomes = await session.bulk(names, (n) => session.create(`${parent === '/' ? '' : parent}/${n}`, data(n)), { concurrency: 1000 });
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw failed.error;
}

/**
 * A tree of `fanout`^1 + `fanout`^2 nodes below `root`: `root/d<i>/n<j>` with small text data.
 * Returns how many nodes it holds including the root.
 */
export async function createTree(session: ZkSession, root: string, fanout: number, leaves: number): Promise<number> {
  await session.create(root, Buffer.from('root'));
  const dirs = Array.from({ length: fanout }, (_, i) => `d${i}`);
  await createChildren(session, root, dirs, (n) => Buffer.from(`dir ${n}`));
  for (const d of dirs) {
    await createChildren(
      session,
      `${root}/${d}`,
      Array.from({ length: leaves }, (_, j) => `n${j}`),
      (n) => Buffer.from(`value of ${d}/${n}`),
    );
  }
  return 1 + fanout + fanout * leaves;
}
