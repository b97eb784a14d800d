import { adminCommand } from '../ensemble/adminServer';
import { sendFourLetterWord } from '../ensemble/fourLetterWord';
import type { TlsClient } from '../tls/client';

/** The words "copy member output" runs: all read-only, all cheap. */
export const OUTPUT_WORDS = ['srvr', 'mntr', 'conf', 'isro', 'wchs', 'cons', 'envi', 'dirs'] as const;

/** The AdminServer commands asked as well when a port is known (the whitelist does not apply there). */
const ADMIN_COMMANDS = ['monitor', 'configuration', 'voting_view', 'zabstate'] as const;

/**
 * A member's raw four-letter-word replies (and AdminServer JSON when `adminPort` is given), one
 * titled section each, for "copy" or "open as document". Every request runs at once with its own
 * timeout, so a hung member costs one timeout. Never rejects.
 */
export async function collectMemberOutput(
  host: string,
  port: number,
  options: { timeoutMs: number; adminPort?: number | null; tls?: TlsClient },
): Promise<string> {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const words = OUTPUT_WORDS.map(async (word) => {
    const reply = await sendFourLetterWord(host, port, word, { timeoutMs: options.timeoutMs, maxBytes: 1024 * 1024, tls: options.tls });
    const body = reply.ok ? reply.text.trimEnd() : `(no reply: ${reply.kind}: ${reply.message})`;
    return `=== ${word} (${where}, ${Math.round(reply.elapsedMs)} ms) ===\n${body}`;
  });
  const admin = options.adminPort
    ? ADMIN_COMMANDS.map(async (command) => {
        const outcome = await adminCommand(host, options.adminPort!, command, { timeoutMs: options.timeoutMs, tls: options.tls });
        const body =
          outcome.status === 'ok'
            ? JSON.stringify(outcome.value, null, 2)
            : `(${outcome.status}: ${outcome.status === 'failed' ? outcome.failure.message : outcome.message})`;
        return `=== AdminServer ${command} (${host}:${options.adminPort}, ${Math.round(outcome.elapsedMs)} ms) ===\n${body}`;
      })
    : [];
  const sections = await Promise.all([...words, ...admin]);
  return `# ZooKeeper member ${where}, ${new Date().toISOString()}\n\n${sections.join('\n\n')}\n`;
}
