/**
 * Backups written before destructive operations: an export file in a folder the caller chooses
 * (the extension passes its global storage folder, the CLI a temp folder), named so that a list
 * of backups sorts by time and says what was backed up.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ExportDocument, serializeExport } from './exportFormat';

/** `2026-01-02T03-04-05-678Z_app_config.json` for /app/config. */
export function backupFileName(znodePath: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const slug =
    znodePath === '/'
      ? 'root'
      : znodePath
          .slice(1)
          .replace(/[^A-Za-z0-9._-]+/g, '_')
          .slice(0, 80);
  return `${stamp}_${slug}.json`;
}

/** Writes `doc` into `dir` (created if needed) and resolves to the file's path. */
export async function writeBackup(doc: ExportDocument, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, backupFileName(doc.root));
  // Write then rename, so a crash never leaves a truncated backup under the final name.
  const tmp = `${file}.partial`;
  await fs.writeFile(tmp, serializeExport(doc), 'utf8');
  await fs.rename(tmp, file);
  return file;
}
