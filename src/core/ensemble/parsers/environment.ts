import { Parsed, dictionary, excerpt, replyProblemOf, unparseable } from '../outcome';
import { linesOf } from './values';

/** `envi`: the server's Java system properties and host facts. */
export interface EnvironmentReport {
  readonly zookeeperVersion: string | null;
  readonly javaVersion: string | null;
  readonly hostName: string | null;
  /** Every `key=value` line, verbatim (`os.memory.free=110MB`, …). */
  readonly properties: Readonly<Record<string, string>>;
}

function report(properties: Record<string, string>): EnvironmentReport {
  return {
    zookeeperVersion: properties['zookeeper.version'] ?? null,
    javaVersion: properties['java.version'] ?? null,
    hostName: properties['host.name'] ?? null,
    properties,
  };
}

/** Parses the reply to `envi`: `Environment:` then `key=value` lines. Answers even without quorum. */
export function parseEnvi(text: string): Parsed<EnvironmentReport> {
  const problem = replyProblemOf(text);
  if (problem) return problem;
  const properties = dictionary<string>();
  for (const line of linesOf(text)) {
    const eq = line.indexOf('=');
    if (eq > 0) properties[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  if (Object.keys(properties).length === 0)
    return unparseable(text.trim() === '' ? 'empty envi reply' : `not an envi reply: "${excerpt(text)}"`);
  return { status: 'ok', value: report(properties) };
}

/** Maps AdminServer `environment` (the same keys as a flat object). */
export function enviFromAdmin(json: Record<string, unknown>): Parsed<EnvironmentReport> {
  const properties = dictionary<string>();
  for (const [key, value] of Object.entries(json)) {
    if (key !== 'command' && key !== 'error' && typeof value === 'string') properties[key] = value;
  }
  if (Object.keys(properties).length === 0) return unparseable('AdminServer environment reply is empty');
  return { status: 'ok', value: report(properties) };
}
