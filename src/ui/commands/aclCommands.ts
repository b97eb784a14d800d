import * as vscode from 'vscode';
import { Perms, ZkAcl, digestAcl, formatAcl, ipAcl, permsToString, worldAcl, authAcl } from '../../core/zk/acl';
import { readLatest } from '../../core/zk/readLatest';
import { Command } from './command';
import { WithClusterChoices, resolveTarget } from './context';
import { OperationSteps, assertWritable, runOperation } from './operations/arguments';
import { EDIT_ACL, EditAclArguments, EditAclServices, editAcl, editAclArguments } from './operations/editAcl';
import type { ReadServices } from './treeCommands';

/** The ACL as zkCli prints it, one `scheme:id:perms` per line, with the ACL version. */
export function aclText(path: string, acl: readonly ZkAcl[], aversion: number): string {
  return [`# ACL of ${path} (aclVersion ${aversion})`, ...acl.map(formatAcl)].join('\n') + '\n';
}

export class ViewAcl implements Command {
  readonly id = 'zookeeper.viewAcl';
  constructor(private readonly s: ReadServices) {}

  async run(arg?: unknown): Promise<void> {
    const target = await resolveTarget(this.s.registry, arg, 'Znode whose ACL to show');
    if (!target) return;
    const session = await this.s.connections.connect(target.cluster.id);
    const { acl, stat } = await session.getAcl(target.path);
    const uri = this.s.snapshots.put(
      target.cluster.id,
      `${target.path === '/' ? '' : target.path}/(acl)`,
      aclText(target.path, acl, stat.aversion),
    );
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

const PERMS: readonly { label: string; bit: number }[] = [
  { label: 'c  create children', bit: Perms.CREATE },
  { label: 'd  delete children', bit: Perms.DELETE },
  { label: 'r  read data and children', bit: Perms.READ },
  { label: 'w  write data', bit: Perms.WRITE },
  { label: 'a  admin (change the ACL)', bit: Perms.ADMIN },
];

async function askPerms(current: number): Promise<number | undefined> {
  const picked = await vscode.window.showQuickPick(
    PERMS.map((p) => ({ ...p, picked: (current & p.bit) !== 0 })),
    { canPickMany: true, placeHolder: 'Permissions' },
  );
  return picked ? picked.reduce((n, p) => n | p.bit, 0) : undefined;
}

/** Asks for one new entry: world, digest (user:password, hashed here), ip, auth or the super user. */
async function askEntry(): Promise<ZkAcl | undefined> {
  const scheme = await vscode.window.showQuickPick(
    [
      { label: 'world', description: 'anyone' },
      { label: 'digest', description: 'a user and password (hashed before it is sent)' },
      { label: 'ip', description: 'an address or CIDR range' },
      { label: 'auth', description: 'whatever this session authenticated as' },
      { label: 'super', description: 'the super user (digest user "super")' },
    ],
    { placeHolder: 'Scheme of the new entry' },
  );
  if (!scheme) return undefined;
  const perms = await askPerms(Perms.ALL);
  if (perms === undefined) return undefined;
  switch (scheme.label) {
    case 'world':
      return worldAcl(perms);
    case 'auth':
      return authAcl(perms);
    case 'ip': {
      const address = await vscode.window.showInputBox({ prompt: 'IP address or CIDR range, e.g. 10.0.0.0/8' });
      return address ? ipAcl(address, perms) : undefined;
    }
    default: {
      const user = scheme.label === 'super' ? 'super' : await vscode.window.showInputBox({ prompt: 'Digest user' });
      if (!user) return undefined;
      const password = await vscode.window.showInputBox({
        prompt: `Password of ${user} (only its hash goes into the ACL)`,
        password: true,
      });
      return password === undefined ? undefined : digestAcl(user, password, perms);
    }
  }
}

/**
 * Edits a znode's ACL entry by entry and writes it with the ACL version that was read, so a
 * concurrent ACL change is refused instead of overwritten.
 */
export class EditAcl implements Command, OperationSteps<EditAclArguments, string[]> {
  readonly id = EDIT_ACL;
  readonly schema = editAclArguments;
  constructor(private readonly s: WithClusterChoices<EditAclServices>) {}

  run(arg?: unknown): Promise<string[] | undefined> {
    return runOperation(this, arg);
  }

  async gather(arg: unknown): Promise<EditAclArguments | undefined> {
    const target = await resolveTarget(this.s.registry, arg, 'Znode whose ACL to edit');
    if (!target) return undefined;
    assertWritable(target.cluster);
    const session = await this.s.connections.connect(target.cluster.id);
    const { acl, stat } = await readLatest(session, target.path, () => session.getAcl(target.path));
    const edited = await this.edit(target.path, acl);
    return edited && { clusterId: target.cluster.id, path: target.path, acl: edited, aclVersion: stat.aversion };
  }

  operate(args: EditAclArguments): Promise<string[] | undefined> {
    return editAcl(this.s, args);
  }

  private async edit(path: string, initial: readonly ZkAcl[]): Promise<ZkAcl[] | undefined> {
    const entries = [...initial];
    // Bounded: each round is one user action.
    for (let round = 0; round < 200; round++) {
      const items = [
        ...entries.map((a, index) => ({ label: formatAcl(a), description: permsToString(a.perms) || 'no permissions', index })),
        { label: '$(add) Add entry…', index: -1 },
        { label: `$(check) Save ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`, index: -2 },
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: `ACL of ${path}: pick an entry to change or remove` });
      if (!picked) return undefined;
      if (picked.index === -2) return entries;
      if (picked.index === -1) {
        const entry = await askEntry();
        if (entry) entries.push(entry);
        continue;
      }
      const entry = entries[picked.index]!;
      const action = await vscode.window.showQuickPick(['Change permissions', 'Remove entry'], { placeHolder: formatAcl(entry) });
      if (action === 'Remove entry') entries.splice(picked.index, 1);
      else if (action === 'Change permissions') {
        const perms = await askPerms(entry.perms);
        if (perms !== undefined) entries[picked.index] = { ...entry, perms };
      }
    }
    return undefined;
  }
}
