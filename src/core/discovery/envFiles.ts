import { parseConfig } from '../config/parser';
import { parseServerLine } from '../config/serverLine';
import { range } from '../config/text';
import type { Draft } from './found';
import { envSpec } from './keys';
import type { Range } from '../config/text';
import type { SourceKind } from './types';
import { clientAddresses } from './zooCfg';

/** The official image writes clientPort=2181 unless ZOO_PORT (3.4 images) says otherwise. */
const IMAGE_CLIENT_PORT = 2181;

/**
 * One environment variable that names an ensemble, as a draft. `ZOO_SERVERS` holds server lines
 * separated by blanks; they are read with the zoo.cfg parser.
 */
export function draftFromVariable(
  name: string,
  value: string,
  where: Range,
  source: SourceKind,
  env: ReadonlyMap<string, string>,
): Draft | undefined {
  const spec = envSpec(name);
  if (!spec) return undefined;
  if (spec.form === 'connect') return { range: where, source, key: name, connectString: value };
  if (/\$/.test(value)) return { range: where, source, key: name, connectString: value };
  const lines = value
    .trim()
    .split(/\s+/)
    .filter((l) => l !== '');
  const model = parseConfig(lines.join('\n'));
  const servers = model.entries.filter((e) => e.key.startsWith('server.'));
  if (servers.length === 0) return { range: where, source, key: name, connectString: value, error: `${name} holds no server.N= lines` };
  const zooPort = Number(env.get('ZOO_PORT'));
  const fallback = Number.isInteger(zooPort) && zooPort > 0 && zooPort <= 65535 ? zooPort : IMAGE_CLIENT_PORT;
  const { connect, error } = clientAddresses(servers.map(parseServerLine), fallback);
  return { range: where, source, key: name, connectString: connect, ...(error !== undefined ? { error } : {}) };
}

/**
 * `.env` files and shell-style `KEY=value` files (solr.in.sh). A line scan serves here: the format
 * is one assignment per line (optional `export`, optional quotes, `#` comments), and the dotenv
 * package gives values without their source positions, which lenses and diagnostics need.
 */
export function scanEnvFile(text: string, source: SourceKind = 'env'): Draft[] {
  const lines = text.split(/\r\n|\r|\n/);
  const assignments: { name: string; value: string; range: Range }[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(line);
    if (!m) return;
    let start = m[0].length;
    let rest = line.slice(start);
    const quote = rest[0];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = rest.indexOf(quote, 1);
      value = close < 0 ? rest.slice(1) : rest.slice(1, close);
      start += 1;
    } else {
      const comment = rest.search(/\s#/);
      rest = comment < 0 ? rest : rest.slice(0, comment);
      value = rest.trimEnd();
    }
    assignments.push({ name: m[2]!, value, range: range({ line: i, character: start }, { line: i, character: start + value.length }) });
  });
  const env = new Map(assignments.map((a) => [a.name, a.value]));
  return assignments.flatMap((a) => draftFromVariable(a.name, a.value, a.range, source, env) ?? []);
}
