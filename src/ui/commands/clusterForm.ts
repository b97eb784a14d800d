import * as vscode from 'vscode';
import { ClusterConfig, clusterId } from '../../core/clusters/clusterConfig';
import type { DigestCredentials } from '../clusters';
import { ClusterForm, connectStringProblem } from './operations/clusters';

/**
 * The add/edit steps: name, connect string (validated as typed), read-only, refresh mode, digest
 * credentials (kept in SecretStorage only). Escape at any step cancels.
 */
export async function askClusterForm(
  taken: readonly string[],
  existing?: ClusterConfig,
  hasCredentials = false,
): Promise<ClusterForm | undefined> {
  const title = existing ? `Edit ${existing.name}` : 'Add ZooKeeper Cluster';
  const name = await vscode.window.showInputBox({
    title: `${title} (1/5)`,
    prompt: 'A name for the cluster (shown in the tree and everywhere you act on it)',
    value: existing?.name ?? '',
    validateInput: (v) => {
      if (!v.trim()) return 'A name is required.';
      if (taken.includes(clusterId(v)) && clusterId(v) !== existing?.id) return `A cluster named like "${v}" already exists.`;
      return undefined;
    },
  });
  if (name === undefined) return undefined;
  const connectString = await vscode.window.showInputBox({
    title: `${title} (2/5)`,
    prompt: 'Connect string: host:port[,host:port...][/chroot]',
    placeHolder: '127.0.0.1:2181,127.0.0.1:2182/app',
    value: existing?.connectString ?? '',
    validateInput: (v) => connectStringProblem(v),
  });
  if (connectString === undefined) return undefined;
  const mode = await vscode.window.showQuickPick(
    [
      { label: 'Read-write', readOnly: false },
      { label: 'Read-only', description: 'browse without fear: every write is refused', readOnly: true },
    ],
    { title: `${title} (3/5)`, placeHolder: existing ? `Now ${existing.readOnly ? 'read-only' : 'read-write'}` : 'Access' },
  );
  if (!mode) return undefined;
  const refresh = await vscode.window.showQuickPick(
    [
      { label: 'Live', description: 'refresh from ZooKeeper watches', refresh: 'watch' as const },
      { label: 'Manual', description: 'refresh only when asked (cheaper on busy trees)', refresh: 'manual' as const },
    ],
    { title: `${title} (4/5)`, placeHolder: 'Refresh' },
  );
  if (!refresh) return undefined;
  const choices = [
    ...(existing && hasCredentials ? [{ label: 'Keep the stored credentials', choice: 'keep' as const }] : []),
    { label: 'No credentials', choice: 'none' as const },
    { label: 'Digest user and password', description: "stored in the editor's secret storage", choice: 'digest' as const },
  ];
  const auth = await vscode.window.showQuickPick(choices, { title: `${title} (5/5)`, placeHolder: 'Authentication' });
  if (!auth) return undefined;
  let credentials: DigestCredentials | null | undefined = auth.choice === 'keep' ? undefined : null;
  if (auth.choice === 'digest') {
    const asked = await askDigest();
    if (!asked) return undefined;
    credentials = asked;
  }
  const config: ClusterConfig = {
    id: clusterId(name),
    name: name.trim(),
    connectString: connectString.trim(),
    readOnly: mode.readOnly,
    refresh: refresh.refresh,
    // The form does not ask for AdminServer ports, monitoring, TLS files, member control, Prometheus or
    // Alertmanager (set in settings); an edit keeps them.
    ...(existing?.adminPorts !== undefined ? { adminPorts: existing.adminPorts } : {}),
    ...(existing?.monitor !== undefined ? { monitor: existing.monitor } : {}),
    ...(existing?.tls !== undefined ? { tls: existing.tls } : {}),
    ...(existing?.control !== undefined ? { control: existing.control } : {}),
    ...(existing?.prometheus !== undefined ? { prometheus: existing.prometheus } : {}),
    ...(existing?.alertmanager !== undefined ? { alertmanager: existing.alertmanager } : {}),
  };
  return { config, credentials };
}

/** Asks for a digest user and password. */
export async function askDigest(): Promise<DigestCredentials | undefined> {
  const user = await vscode.window.showInputBox({
    prompt: 'Digest user',
    validateInput: (v) => (!v ? 'A user is required.' : v.includes(':') ? 'A digest user cannot contain ":".' : undefined),
  });
  if (!user) return undefined;
  const password = await vscode.window.showInputBox({ prompt: `Password for ${user}`, password: true });
  if (password === undefined) return undefined;
  return { user, password };
}
