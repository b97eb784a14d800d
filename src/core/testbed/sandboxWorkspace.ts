import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, parse, ParseError } from 'jsonc-parser';
import type { TestbedRecord } from './testbed';

/** The cluster entry the sandbox owns in its workspace's `zookeeper.clusters`, found by name. */
export const SANDBOX_CLUSTER_NAME = 'sandbox';

interface ClusterEntry {
  name?: unknown;
}

/** The sandbox workspace folder opened by `npm run sandbox`: next to the sandbox's state folder. */
export function sandboxWorkspaceDir(sandboxStateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.ZKOPS_SANDBOX_WORKSPACE ?? path.join(path.dirname(sandboxStateDir), 'sandbox-workspace');
}

/**
 * Points the workspace's sandbox cluster at the sandbox's current connect string and AdminServer
 * ports, creating the settings file when missing. Edits through jsonc-parser, so the user's other
 * settings, clusters and comments stay. Returns a warning instead of writing when the file does not
 * parse (the user's text is never replaced).
 */
export function updateSandboxSettings(settingsPath: string, connectString: string, adminPorts: readonly number[]): string | undefined {
  const entry = { name: SANDBOX_CLUSTER_NAME, connectString, readOnly: false, refresh: 'watch', adminPorts };
  let text: string;
  try {
    text = fs.readFileSync(settingsPath, 'utf8');
  } catch {
    fs.mkdirSync(path.dirname(settingsPath), { recursive: true });
    fs.writeFileSync(settingsPath, JSON.stringify({ 'zookeeper.clusters': [entry] }, null, 2) + '\n');
    return undefined;
  }
  const errors: ParseError[] = [];
  const settings = parse(text, errors, { allowTrailingComma: true }) as Record<string, unknown> | undefined;
  if (errors.length > 0 || typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return `${settingsPath} does not parse as JSON; set the sandbox cluster's connectString to ${connectString} by hand`;
  }
  const clusters = settings['zookeeper.clusters'];
  const formatting = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
  let edits;
  if (!Array.isArray(clusters)) {
    edits = modify(text, ['zookeeper.clusters'], [entry], formatting);
  } else {
    const index = clusters.findIndex((c: ClusterEntry) => c?.name === SANDBOX_CLUSTER_NAME);
    if (index < 0) {
      edits = modify(text, ['zookeeper.clusters', clusters.length], entry, { ...formatting, isArrayInsertion: true });
    } else {
      text = applyEdits(text, modify(text, ['zookeeper.clusters', index, 'connectString'], connectString, formatting));
      edits = modify(text, ['zookeeper.clusters', index, 'adminPorts'], adminPorts, formatting);
    }
  }
  const updated = applyEdits(text, edits);
  if (updated !== text) fs.writeFileSync(settingsPath, updated);
  return undefined;
}

/**
 * Writes the sandbox workspace: `.vscode/settings.json` pointing at the sandbox, and member 1's
 * zoo.cfg to try the language server on. Returns warnings (nothing is overwritten that did not parse).
 */
export function writeSandboxWorkspace(workspace: string, record: TestbedRecord, connectString: string): string[] {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const adminPorts = record.members.map((m) => m.ports.admin);
  const warning = updateSandboxSettings(path.join(workspace, '.vscode', 'settings.json'), connectString, adminPorts);
  const first = record.members[0];
  if (first) fs.copyFileSync(first.configPath, path.join(workspace, 'zoo.cfg'));
  return warning ? [warning] : [];
}
