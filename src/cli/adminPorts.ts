import { ParsedArgs, UsageError, stringFlag } from './command';

/** A whole number in [1, max], or a UsageError naming the flag. */
export function positiveIntFlag(text: string, what: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`${what} must be a whole number from 1 to ${max}, not "${text}"`);
  return Number(text);
}

/**
 * `--admin-ports 8080,8081,-`: AdminServer ports in connect-string order, `-` for "do not ask";
 * one value applies to every member. Undefined when the flag is absent.
 */
export function adminPortsFlag(args: ParsedArgs, members: number): (number | null)[] | undefined {
  const text = stringFlag(args, 'admin-ports');
  if (text === undefined) return undefined;
  const ports = text.split(',').map((p) => (p.trim() === '-' ? null : positiveIntFlag(p.trim(), '--admin-ports entry', 65535)));
  if (ports.length === 1) return Array.from({ length: members }, () => ports[0]!);
  if (ports.length !== members) throw new UsageError(`--admin-ports lists ${ports.length} ports for ${members} members`);
  return ports;
}
