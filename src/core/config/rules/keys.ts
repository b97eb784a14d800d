import type { Finding } from '../findings';
import { knownNames, lookupKey } from '../schema';
import { suggest } from '../suggest';
import { compareVersions } from '../version';
import { Rule, removeEntryFix, renameKeyFix } from './context';

const MEMBERSHIP = /^(server\.|group|weight)/;

/** Unknown, misspelt, misplaced, duplicated and version-mismatched keys. */
export const keyRules: Rule = (ctx) => {
  const { model, options } = ctx;
  const out: Finding[] = [];
  const hasDynamicFile = model.has('dynamicConfigFile');
  for (const entry of model.entries) {
    const name = entry.key;
    if (!name) {
      out.push({ rule: 'syntax', severity: 'error', message: 'this line has a value but no key', range: entry.range });
      continue;
    }
    if (model.kind === 'dynamic') {
      if (name === 'version') {
        out.push({
          rule: 'dynamic-file',
          severity: 'error',
          message: 'a dynamic config file must not contain version: ZooKeeper takes it from the file name and refuses to start',
          range: entry.keyRange,
          fixes: [removeEntryFix(entry)],
        });
      } else if (!MEMBERSHIP.test(name)) {
        out.push({
          rule: 'dynamic-file',
          severity: 'error',
          message: `${name} is not allowed in a dynamic config file: only server.N, group.N and weight.N lines are; it belongs in the static zoo.cfg`,
          range: entry.keyRange,
          fixes: [removeEntryFix(entry)],
        });
        continue;
      }
    } else if (hasDynamicFile && MEMBERSHIP.test(name)) {
      out.push({
        rule: 'dynamic-file',
        severity: 'error',
        message: `${name} must be in the dynamic config file named by dynamicConfigFile, not here; ZooKeeper refuses to start`,
        range: entry.keyRange,
        fixes: [removeEntryFix(entry)],
      });
    }
    const match = lookupKey(name);
    switch (match.kind) {
      case 'unknown': {
        if (name === 'version' && model.kind === 'dynamic') break;
        const near = suggest(name, knownNames());
        out.push({
          rule: 'unknown-key',
          severity: 'warning',
          message: near.length
            ? `unknown key ${name}; did you mean ${near[0]}?`
            : `unknown key ${name}: ZooKeeper only passes it on as the system property zookeeper.${name}`,
          range: entry.keyRange,
          fixes: near.map((n, i) => renameKeyFix(entry, n, i === 0)),
        });
        break;
      }
      case 'case':
        out.push({
          rule: 'key-case',
          severity: 'warning',
          message: `keys are case-sensitive: ${name} is not ${match.spec.key} and is ignored`,
          range: entry.keyRange,
          fixes: [renameKeyFix(entry, match.spec.key)],
        });
        break;
      case 'docName':
        out.push({
          rule: 'doc-name',
          severity: 'warning',
          message: `ZooKeeper reads this setting only as ${match.spec.sysProp}; in zoo.cfg it must be written ${match.spec.key}, so this line has no effect`,
          range: entry.keyRange,
          fixes: [renameKeyFix(entry, match.spec.key)],
        });
        break;
      case 'prefixed':
        out.push({
          rule: 'prefixed-key',
          severity: 'warning',
          message: `ZooKeeper adds "zookeeper." to keys it does not parse itself, so this sets zookeeper.${name}, which nothing reads; write ${match.spec.key}`,
          range: entry.keyRange,
          fixes: [renameKeyFix(entry, match.spec.key)],
        });
        break;
      case 'exact':
      case 'pattern': {
        const spec = match.spec;
        if (spec.source === 'jvm') {
          out.push({
            rule: 'jvm-only',
            severity: 'warning',
            message: `${name} cannot be set in zoo.cfg: this line sets zookeeper.${name}, but ZooKeeper reads -D${spec.sysProp ?? name} (e.g. in SERVER_JVMFLAGS)`,
            range: entry.keyRange,
            fixes: [removeEntryFix(entry)],
          });
        }
        if (spec.deprecated) {
          out.push({
            rule: 'deprecated',
            severity: 'info',
            message: `${name} is deprecated: ${spec.deprecated}`,
            range: entry.keyRange,
            tags: ['deprecated'],
          });
        }
        const target = options.zookeeperVersion;
        if (target && spec.since && compareVersions(target, spec.since) < 0) {
          out.push({
            rule: 'version',
            severity: 'warning',
            message: `${name} arrived in ZooKeeper ${spec.since}; ${target} does not know it`,
            range: entry.keyRange,
          });
        }
        if (target && spec.removedIn && compareVersions(target, spec.removedIn) >= 0) {
          out.push({
            rule: 'version',
            severity: 'warning',
            message: `${name} is no longer read since ZooKeeper ${spec.removedIn}`,
            range: entry.keyRange,
            tags: ['deprecated'],
          });
        }
        break;
      }
    }
  }
  out.push(...duplicates(ctx));
  return out;
};

/** Properties keeps the last value: earlier ones are dead text, and often a merge mistake. */
function duplicates(ctx: Parameters<Rule>[0]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const entry of ctx.model.entries) {
    if (!entry.key || seen.has(entry.key)) continue;
    const all = ctx.model.all(entry.key);
    if (all.length < 2) continue;
    seen.add(entry.key);
    const last = all[all.length - 1]!;
    for (const earlier of all.slice(0, -1)) {
      const same = earlier.value === last.value;
      out.push({
        rule: 'duplicate-key',
        severity: 'warning',
        message: same
          ? `${entry.key} is set again on line ${last.firstLine + 1} with the same value; this line is redundant`
          : `${entry.key} is set again on line ${last.firstLine + 1} ("${last.value}"); ZooKeeper ignores this "${earlier.value}"`,
        range: earlier.keyRange,
        related: [{ range: last.keyRange, message: 'the value ZooKeeper uses' }],
        fixes: [removeEntryFix(earlier, 'Remove this duplicate line')],
        tags: ['unnecessary'],
      });
    }
  }
  return out;
}
