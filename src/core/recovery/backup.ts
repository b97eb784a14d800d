import { writeBackup } from '../znodes/backupFile';
import { exportTree } from '../znodes/exporter';
import { ZkSession } from '../zk/session';

/**
 * Backup before damage: exports `/` (the existing exporter; /zookeeper left out) to a file in
 * `dir` and resolves to its path. Nodes this session may not read are left out and counted in the
 * returned note rather than failing the backup; masked ACLs are kept as seen.
 */
export async function backupRoot(
  connect: string,
  options: { dir: string; auth?: readonly { scheme: string; auth: string }[]; timeoutMs?: number },
): Promise<{ file: string; count: number; note: string | null }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const session = await ZkSession.connect(connect, {
    connectTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
    auth: options.auth,
    renewExpiredSession: false,
  });
  try {
    const result = await exportTree(session, '/', { maskedAcl: 'keep', skipUnreadable: true });
    const file = await writeBackup(result.document, options.dir);
    const problems = [
      ...(result.unreadable.length ? [`${result.unreadable.length} node(s) not readable with these credentials were left out`] : []),
      ...(result.masked.length ? [`${result.masked.length} node(s) have masked ACLs (kept as seen)`] : []),
    ];
    return { file, count: result.document.count, note: problems.length ? problems.join('; ') : null };
  } finally {
    await session.close();
  }
}
