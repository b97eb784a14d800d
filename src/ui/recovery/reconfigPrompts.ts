import * as vscode from 'vscode';
import type { ConfMember } from '../../core/ensemble/parsers/conf';
import { ChangeSyntaxError, MembershipChange, parseAdd, roleOf } from '../../core/recovery/reconfig/changes';
import type { DigestCredentials } from '../clusters';

/*
 * The questions of "Reconfigure Ensemble…": which change (one per run, as the reconfig guide
 * advises adding participants one at a time), and the user allowed to reconfig.
 */

/** Asks for one membership change against the current members; undefined when cancelled. */
export async function askReconfigChange(clusterName: string, members: readonly ConfMember[]): Promise<MembershipChange[] | undefined> {
  type Item = vscode.QuickPickItem & { change?: MembershipChange; add?: true };
  const items: Item[] = [
    { label: '$(add) Add a server…', detail: 'server.N=host:quorumPort:electionPort[:participant|observer];clientPort', add: true },
  ];
  for (const m of members) {
    const role = roleOf(m);
    items.push({ label: `$(remove) Remove server ${m.id}`, description: m.spec, change: { kind: 'remove', id: m.id } });
    items.push(
      role === 'participant'
        ? { label: `$(eye) Make server ${m.id} an observer`, description: m.spec, change: { kind: 'observer', id: m.id } }
        : { label: `$(person) Make server ${m.id} a participant`, description: m.spec, change: { kind: 'participant', id: m.id } },
    );
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Reconfigure ${clusterName}`,
    placeHolder: 'Which change? A dry run comes first, and nothing is sent without your consent',
  });
  if (!picked) return undefined;
  if (picked.change) return [picked.change];
  const next = Math.max(0, ...members.map((m) => m.id)) + 1;
  const line = await vscode.window.showInputBox({
    title: `Add a server to ${clusterName}`,
    prompt: 'The new server must already run with the enlarged member list (it joins as a non-voting learner until added).',
    value: `server.${next}=`,
    validateInput: (text) => {
      try {
        parseAdd(text);
        return undefined;
      } catch (err) {
        return err instanceof ChangeSyntaxError ? err.message.replace(/^--add /, '') : String(err);
      }
    },
  });
  return line ? [parseAdd(line)] : undefined;
}

/** Asks for the user allowed to reconfig; kept in the editor's secret storage by the caller. */
export async function askReconfigUser(clusterName: string): Promise<DigestCredentials | undefined> {
  const user = await vscode.window.showInputBox({
    title: `Reconfigure ${clusterName}: who may change /zookeeper/config`,
    prompt:
      'A digest user allowed to reconfig: the super user, or one granted rwa on /zookeeper/config. Kept in the secret storage, never in settings or logs.',
    value: 'super',
    validateInput: (v) => (!v ? 'A user is required.' : v.includes(':') ? 'A digest user cannot contain ":".' : undefined),
  });
  if (!user) return undefined;
  const password = await vscode.window.showInputBox({
    title: `Password of ${user}`,
    password: true,
    prompt: "Kept in the editor's secret storage.",
  });
  if (password === undefined) return undefined;
  return { user, password };
}
