import { CliCommand, CliIo, CliIoInput, InputTooLargeError, UsageError } from './command';
import { commands } from './commands';
import { parseCommandLine } from './options';
import { escapeTerminal } from './terminalText';

const io: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  outBytes: (data) => new Promise<void>((resolve, reject) => process.stdout.write(data, (err) => (err ? reject(err) : resolve()))),
  readStdin: async (maxBytes = Number.POSITIVE_INFINITY) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buf.length;
      // Stop reading at the cap: `zkops lint - < /dev/zero` must end, not grow.
      if (size > maxBytes) {
        process.stdin.destroy();
        throw new InputTooLargeError('stdin', maxBytes);
      }
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  },
  env: process.env,
};

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'zkops: ZooKeeper Ops from the terminal',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "zkops <command> --help shows a command's usage.",
  ].join('\n');
}

/**
 * Runs one command line; resolves to the exit code. Exported for tests that run the CLI
 * in-process: bytes and stdin they leave out are the process's.
 */
export async function runCli(argv: readonly string[], given: CliIoInput = io): Promise<number> {
  // Every text line passes here, so no command can print a server's or a file's control characters raw.
  const cliIo: CliIo = { ...io, ...given, out: (text) => given.out(escapeTerminal(text)), err: (text) => given.err(escapeTerminal(text)) };
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
  const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeTerminator.includes('--help') || beforeTerminator.includes('-h')) {
    cliIo.out(command.usage);
    return 0;
  }
  try {
    return await command.run(parseCommandLine(rest, command.options, command.maxPositionals), cliIo);
  } catch (err) {
    if (err instanceof UsageError) {
      cliIo.err(`zkops ${name}: ${err.message}\nusage: ${command.usage}`);
      return command.usageExitCode ?? 2;
    }
    cliIo.err(`zkops ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

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
