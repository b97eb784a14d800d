import { toPrometheusRules } from '../../core/alerts/prometheus';
import { describeCondition } from '../../core/alerts/ruleText';
import { CliCommand, UsageError, boolFlag, stringFlag } from '../command';
import { RulesFileError, loadRules } from '../rulesFile';

const usage = [
  'zkops rules [--prometheus] [--rules FILE]',
  '  Prints the effective alert rules: the built-ins, changed or extended by FILE (JSON: an array of',
  '  rules, or {"rules": [...]}; an entry with a built-in id changes the fields it names, e.g.',
  '  {"id": "latency-high", "threshold": 200} or {"id": "even-voters", "enabled": false}).',
  "  --prometheus  a Prometheus rules file over the metric names of ZooKeeper's PrometheusMetricsProvider",
  '                and of zkops exporter (promtool check rules accepts it); rules neither can express are',
  '                listed as comments',
  '  Exit code: 0 printed; 3 bad arguments or rules file.',
].join('\n');

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'the effective alert rules, or a Prometheus rules file (--prometheus)',
  usage,
  options: { prometheus: { type: 'boolean' }, rules: { type: 'string' } },
  maxPositionals: 0,
  usageExitCode: 3,
  async run(args, io) {
    try {
      const rules = loadRules(stringFlag(args, 'rules'));
      if (boolFlag(args, 'prometheus')) {
        io.out(toPrometheusRules(rules));
        return 0;
      }
      for (const rule of rules) {
        const state = rule.enabled ? '' : ' (disabled)';
        io.out(
          `${rule.id}${state}  [${rule.severity}, ${rule.kind}, ${rule.scope}]  ${describeCondition(rule)}\n    ${rule.title}. ${rule.action}\n    source: ${rule.source}`,
        );
      }
      return 0;
    } catch (err) {
      if (err instanceof UsageError || err instanceof RulesFileError) {
        io.err(`zkops rules: ${err.message}${err instanceof UsageError ? `\nusage: ${usage}` : ''}`);
        return 3;
      }
      throw err;
    }
  },
};
