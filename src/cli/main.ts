import { CliCommand, CliIo, CliIoInput, UsageError, parseArgs } from './command';
import { commands } from './commands';

const io: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  outBytes: (data) => new Promise<void>((resolve, reject) => process.stdout.write(data, (err) => (err ? reject(err) : resolve()))),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks);
  },
};

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'zkops: ZooKeeper Ops from the terminal',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'zkops <command> --help shows a command\'s usage.',
  ].join('\n');
}

/**
 * Runs one command line; resolves to the exit code. Exported for tests that run the CLI
 * in-process: bytes and stdin they leave out are the process's.
 */
export async function runCli(argv: readonly string[], given: CliIoInput = io): Promise<number> {
  const cliIo: CliIo = { ...io, ...given };
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    cliIo.out(help());
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    cliIo.err(`zkops: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    cliIo.out(command.usage);
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, BOOLEAN_FLAGS), cliIo);
  } catch (err) {
    if (err instanceof UsageError) {
      cliIo.err(`zkops ${name}: ${err.message}\nusage: ${command.usage}`);
      return 2;
    }
    cliIo.err(`zkops ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

/** Flags that never take a value, across all commands. */
const BOOLEAN_FLAGS = ['json', 'dry-run', 'verbose', 'no-data', 'stats', 'include-ephemeral', 'ignore-acl', 'help', 'prometheus'];

/** Entry point of the `zkops` binary: runs argv and sets the exit code. */
export function main(): void {
  // `zkops health … | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      io.err(String(err));
      process.exitCode = 2;
    },
  );
}

if (require.main === module) main();
