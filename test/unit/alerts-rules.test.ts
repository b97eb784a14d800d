import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import { applyRules, formatRuleError, parseRulesText } from '../../src/core/alerts/ruleSet';
import { ThresholdRule } from '../../src/core/alerts/types';

describe('rules as data: overrides and validation', () => {
  it('an override changes only the fields it names; enabled false disables', () => {
    const { rules, errors } = applyRules([
      { id: 'latency-high', threshold: 250, forSeconds: 30, severity: 'critical' },
      { id: 'even-voters', enabled: false },
    ]);
    assert.deepEqual(errors, []);
    const latency = rules.find((r) => r.id === 'latency-high') as ThresholdRule;
    assert.deepEqual([latency.threshold, latency.forSeconds, latency.severity, latency.signal], [250, 30, 'critical', 'latency_ms']);
    assert.equal(rules.find((r) => r.id === 'even-voters')!.enabled, false);
    assert.equal(rules.length, BUILTIN_RULES.length);
  });

  it('a new rule needs its fields and gets defaults for the rest', () => {
    const { rules, errors } = applyRules({
      rules: [
        {
          id: 'ephemerals-high',
          title: 'Many ephemerals',
          signal: 'ephemerals_count',
          op: '>',
          threshold: 50_000,
          action: 'Find the client',
          source: 'ours',
        },
      ],
    });
    assert.deepEqual(errors, []);
    const rule = rules.find((r) => r.id === 'ephemerals-high')!;
    assert.deepEqual(
      [rule.kind, rule.scope, rule.severity, rule.forSeconds, rule.runbook],
      ['threshold', 'member', 'warning', 0, 'ephemerals-high'],
    );
  });

  it('errors name the rule and the field; a bad entry changes nothing', () => {
    const { rules, errors } = applyRules([
      { id: 'latency-high', threshold: 'high' },
      { id: 'fds-high', severity: 'urgent', forSeconds: -1 },
      { id: 'mine', title: 'Mine', signal: 'x', action: 'a', source: 's' },
      { id: 'fds-forecast', clearEtaSeconds: 60 },
      { id: 'latency-high', kind: 'forecast' },
      { id: 'Bad Id' },
      { id: 'member-down', treshold: 1 },
      42,
    ]);
    const text = errors.map(formatRuleError);
    assert.deepEqual(text, [
      'rule "latency-high": field "threshold": must be a finite number',
      'rule "fds-high": field "forSeconds": must be 0 or more',
      'rule "fds-high": field "severity": must be one of "info", "warning", "critical"',
      'rule "mine": field "op": is required for a new rule',
      'rule "mine": field "threshold": is required for a new rule',
      'rule "fds-forecast": field "clearEtaSeconds": must be at least etaSeconds (it clears above it)',
      'rule "latency-high": field "kind": cannot change the kind of "latency-high" (threshold)',
      'rule "rules[5]": field "id": must be kebab-case (a-z, 0-9, -)',
      'rule "member-down": field "treshold": is not a field of a threshold rule (known: id, title, kind, scope, severity, ' +
        'forSeconds, keepFiringSeconds, runbook, action, source, enabled, signal, op, threshold, clearThreshold, limit)',
      'rule "rules[7]": field "(entry)": must be an object',
    ]);
    assert.equal((rules.find((r) => r.id === 'latency-high') as ThresholdRule).threshold, 100);
    assert.equal(rules.find((r) => r.id === 'fds-high')!.severity, 'warning');
    assert.equal(
      rules.some((r) => r.id === 'mine'),
      false,
    );
  });

  it('a rules file that is not JSON, or not a list, is one clear error', () => {
    assert.match(formatRuleError(parseRulesText('{ nope').errors[0]!), /^rule "\(document\)": field "\(json\)": /);
    assert.equal(
      formatRuleError(parseRulesText('{"rule": []}').errors[0]!),
      'rule "(document)": field "rules": expected an array of rules, or an object with a "rules" array',
    );
  });
});
