import type { Finding } from '../findings';
import { valueSpan } from '../parser';
import type { Rule } from './context';

/**
 * Hierarchical quorums: group.N lists disjoint server ids covering every voter; weight.N weighs a
 * server. A weight line alone switches ZooKeeper to hierarchical mode, where every voter then needs
 * a group.
 */
export const hierarchyRules: Rule = ({ model }) => {
  const out: Finding[] = [];
  const groups = model.effective().filter((e) => /^group/.test(e.key));
  const weights = model.effective().filter((e) => /^weight/.test(e.key));
  if (!groups.length && !weights.length) return out;
  const servers = model.membership;
  const ids = new Map(servers.filter((s) => s.id !== undefined).map((s) => [s.id!, s]));
  const grouped = new Map<number, string>();
  for (const group of groups) {
    if (!/^group\.\d+$/.test(group.key)) {
      out.push({ rule: 'group-syntax', severity: 'error', message: `${group.key}: a group key is group.<number>`, range: group.keyRange });
    }
    let at = 0;
    for (const part of group.value.split(':')) {
      const r = valueSpan(group, at, at + part.length);
      at += part.length + 1;
      const id = /^\s*\d+\s*$/.test(part) ? Number(part) : undefined;
      if (id === undefined) {
        out.push({
          rule: 'group-syntax',
          severity: 'error',
          message: `"${part}" is not a server id; group values are ids joined by ':'`,
          range: r,
        });
        continue;
      }
      const other = grouped.get(id);
      if (other)
        out.push({
          rule: 'group-membership',
          severity: 'error',
          message: `server ${id} is already in ${other}; groups must not overlap`,
          range: r,
        });
      grouped.set(id, group.key);
      if (servers.length && !ids.has(id))
        out.push({ rule: 'group-membership', severity: 'error', message: `server ${id} has no server.${id} line`, range: r });
    }
  }
  for (const weight of weights) {
    const id = /^weight\.(\d+)$/.exec(weight.key)?.[1];
    if (id === undefined) {
      out.push({
        rule: 'group-syntax',
        severity: 'error',
        message: `${weight.key}: a weight key is weight.<server id>`,
        range: weight.keyRange,
      });
    } else if (servers.length && !ids.has(Number(id))) {
      out.push({
        rule: 'group-membership',
        severity: 'error',
        message: `weight for server ${id}, which has no server.${id} line`,
        range: weight.keyRange,
      });
    }
    if (!/^\d+$/.test(weight.value)) {
      out.push({
        rule: 'group-syntax',
        severity: 'error',
        message: `weight "${weight.value}" is not a whole number of 0 or more`,
        range: weight.valueRange,
      });
    }
  }
  if (!groups.length) {
    out.push({
      rule: 'group-membership',
      severity: 'error',
      message: 'weight lines switch ZooKeeper to hierarchical quorums, which need group.N lines covering every voting member',
      range: weights[0]!.keyRange,
    });
    return out;
  }
  // Only this file's own server lines can carry a finding.
  for (const server of model.servers) {
    if (server.role === 'participant' && server.id !== undefined && !grouped.has(server.id)) {
      out.push({
        rule: 'group-membership',
        severity: 'error',
        message: `voting member ${server.id} is in no group; with groups every voter must be in one`,
        range: server.idRange,
      });
    }
  }
  return out;
};
