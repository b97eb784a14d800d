import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BUILTIN_IDS, BUILTIN_RULES } from '../../src/core/alerts/builtinRules';
import type { ActiveAlert, AlertChange } from '../../src/core/alerts/clusterAlerts';
import type { AlertEvent, AlertRule, Forecast } from '../../src/core/alerts/types';
import {
  alertCount,
  alertRow,
  alertsSummary,
  commandLink,
  firingNotificationText,
  forecastRow,
  notificationFor,
  restartNotification,
  sortAlerts,
  valueText,
} from '../../src/ui/alerts/presentation';

// What the editor says about alerts, decided without the editor.

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const rule = (id: string): AlertRule => BUILTIN_RULES.find((r) => r.id === id)!;

function event(id: string, state: AlertEvent['state'], member: string | null, at = T0): AlertEvent {
  const r = rule(id);
  return {
    type: 'alert',
    state,
    rule: id,
    title: r.title,
    severity: r.severity,
    member,
    value: 1,
    at,
    summary: `${r.title} (${member ?? 'ensemble'})`,
    runbook: r.runbook,
    action: r.action,
  };
}

function change(e: AlertEvent, extra: Partial<AlertChange> = {}): AlertChange {
  return { clusterId: 'prod', event: e, news: true, mutedUntil: null, firingSince: null, ...extra };
}

function active(id: string, state: ActiveAlert['state'], extra: Partial<ActiveAlert> = {}): ActiveAlert {
  return {
    rule: rule(id),
    member: '127.0.0.1:2181',
    state,
    value: null,
    since: T0,
    firingSince: state === 'firing' ? T0 : null,
    summary: `${rule(id).title} (127.0.0.1:2181)`,
    mutedUntil: null,
    ...extra,
  };
}

describe('notifications', () => {
  it('a firing is told once, by its severity, with dashboard and mute; the runbook only when one can open', () => {
    const critical = notificationFor('prod', change(event('member-down', 'firing', '127.0.0.1:2181')), false)!;
    assert.equal(critical.tone, 'error');
    assert.match(critical.message, /^ZooKeeper prod: Member down \(127\.0\.0\.1:2181\)\. Start the member again/);
    assert.deepEqual(critical.actions, ['Open Dashboard', 'Mute 1 h']);
    assert.deepEqual(notificationFor('prod', change(event('member-down', 'firing', 'x')), true)!.actions, [
      'Open Runbook',
      'Open Dashboard',
      'Mute 1 h',
    ]);
    assert.equal(notificationFor('prod', change(event('latency-high', 'firing', 'x')), false)!.tone, 'warning');
    assert.equal(notificationFor('prod', change(event('version-skew', 'firing', null)), false)!.tone, 'info');
    assert.equal(
      notificationFor('prod', change(event('member-down', 'firing', 'x'), { news: false }), false),
      undefined,
      'back from no data: not again',
    );
    assert.equal(notificationFor('prod', change(event('member-down', 'firing', 'x'), { mutedUntil: T0 + 1 }), false), undefined, 'muted');
    assert.equal(notificationFor('prod', change(event('member-down', 'firing', 'x')), false, false), undefined, 'notifications off');
    for (const state of ['pending', 'nodata', 'error'] as const)
      assert.equal(notificationFor('prod', change(event('member-down', state, 'x'), { news: false }), false), undefined, state);
  });

  it('a firing notification (closable, so no buttons) says its severity and carries its actions as command links', () => {
    const view = notificationFor('prod', change(event('member-down', 'firing', '127.0.0.1:2181')), false)!;
    const text = firingNotificationText(view, [
      { title: 'Open Dashboard', command: 'zookeeper.openDashboard', args: ['prod (eu)'] },
      {
        title: 'Mute 1 h',
        command: 'zookeeper.alerts.mute',
        args: [{ clusterId: 'prod', rule: 'member-down', member: '127.0.0.1:2181', minutes: 60 }],
      },
    ]);
    assert.match(text, /^Critical: ZooKeeper prod: Member down \(127\.0\.0\.1:2181\)\. /);
    const links = [...text.matchAll(/\[([^\]]+)\]\((command:[^)\s]+)\)/g)];
    assert.deepEqual(
      links.map((m) => m[1]),
      ['Open Dashboard', 'Mute 1 h'],
    );
    // The arguments survive as the workbench decodes them (the query is URI-encoded JSON).
    const [, query] = links[0]![2]!.split('?');
    assert.deepEqual(JSON.parse(decodeURIComponent(query!)), ['prod (eu)']);
    assert.deepEqual(JSON.parse(decodeURIComponent(links[1]![2]!.split('?')[1]!)), [
      { clusterId: 'prod', rule: 'member-down', member: '127.0.0.1:2181', minutes: 60 },
    ]);
  });

  it('a cluster name or member text cannot make a link of its own', () => {
    const view = { tone: 'warning' as const, message: 'ZooKeeper [evil](command:workbench.action.quit): x', actions: [] };
    const text = firingNotificationText(view, []);
    assert.equal([...text.matchAll(/\[[^\]]+\]\(command:/g)].length, 0, text);
    assert.equal(commandLink({ title: 'a ] b [', command: 'x', args: [')'] }), '[a  b ](command:x?%5B%22%29%22%5D)');
  });

  it('a resolve is an information with how long it fired', () => {
    const resolved = notificationFor(
      'prod',
      change(event('member-down', 'resolved', '127.0.0.1:2181', T0 + 125_000), { firingSince: T0 }),
      false,
    )!;
    assert.equal(resolved.tone, 'info');
    assert.equal(resolved.message, 'ZooKeeper prod: resolved after 2 min: Member down (127.0.0.1:2181)');
    assert.deepEqual(resolved.actions, []);
  });

  it('a restart is told only when no alert explained it', () => {
    const r = { type: 'restart' as const, member: '127.0.0.1:2181', at: T0, clusterId: 'prod' };
    assert.match(restartNotification('prod', { ...r, explained: false })!.message, /127\.0\.0\.1:2181 restarted/);
    assert.equal(restartNotification('prod', { ...r, explained: true }), undefined);
  });
});

describe('status bar count and Ensemble view rows', () => {
  it('counts firing alerts that are not muted, coloured by the worst; hidden when none', () => {
    assert.equal(alertCount([]), undefined);
    assert.equal(alertCount([active('latency-high', 'pending')]), undefined, 'pending is not firing');
    const view = alertCount([
      active('latency-high', 'firing'),
      active('member-down', 'firing'),
      active('fds-high', 'firing', { mutedUntil: T0 + 1 }),
    ])!;
    assert.equal(view.text, '$(bell-dot) 2');
    assert.equal(view.tone, 'error');
    assert.match(view.lines[0]!, /^2 alerts firing \(and 1 muted\)$/);
    assert.equal(alertCount([active('latency-high', 'firing')])!.tone, 'warning');
    assert.equal(alertCount([active('member-down', 'firing', { mutedUntil: T0 + 1 })]), undefined, 'only muted: hidden');
  });

  it('an alert row: member, value, since when, muted; its facts hold the runbook and what to do', () => {
    const now = T0 + 5 * 60_000;
    const fds = alertRow(active('fds-high', 'firing', { value: 0.87 }), now, 'guided recovery is not in this build yet');
    assert.equal(fds.label, 'File descriptors near the limit');
    assert.match(fds.description, /^127\.0\.0\.1:2181 · 87 % of max_file_descriptor_count · firing since \d\d:\d\d:\d\d \(5 min\)$/);
    assert.equal(fds.icon, 'bell');
    assert.equal(fds.tone, 'warning');
    const facts = new Map(fds.facts);
    assert.equal(facts.get('runbook'), 'fds-high (guided recovery is not in this build yet)');
    assert.match(facts.get('what to do')!, /ulimit -n/);
    const muted = alertRow(active('member-down', 'firing', { mutedUntil: now + 3_600_000 }), now, 'x');
    assert.equal(muted.muted, true);
    assert.equal(muted.icon, 'bell-slash');
    assert.match(muted.description, /muted until \d\d:\d\d:\d\d$/);
    assert.doesNotMatch(muted.description, /member_down/, 'a flag has no value shown');
    assert.equal(alertRow(active('latency-high', 'pending'), now, 'x').icon, 'watch');
    assert.equal(
      alertRow(active('member-down', 'nodata', { firingSince: T0 }), now, 'x').description.includes('firing since'),
      true,
      'no data keeps when its firing began',
    );
    assert.equal(valueText(rule('fds-forecast'), 1500), 'limit in 25 min at worst');
  });

  it('forecasts with their ETA; the Alerts node summary; firing first', () => {
    const f: Forecast = {
      rule: 'fds-forecast',
      member: '127.0.0.1:2181',
      metric: 'open_file_descriptor_count',
      value: 212.4,
      limit: 256,
      etaSeconds: { likely: 2400, pessimistic: 1500 },
      at: T0,
    };
    const row = forecastRow(f, 'File descriptors will run out');
    assert.equal(row.label, 'Forecast: File descriptors will run out');
    assert.equal(row.description, '127.0.0.1:2181 · 212 of 256 · likely 40 min, at worst 25 min');
    const list = [active('latency-high', 'pending'), active('fds-high', 'firing'), active('member-down', 'firing', { mutedUntil: T0 + 1 })];
    assert.equal(alertsSummary(list, 1), '2 firing · 1 pending · 1 muted · 1 forecast');
    assert.equal(alertsSummary([], 0), 'none');
    assert.deepEqual(
      sortAlerts(list).map((a) => a.rule.id),
      ['member-down', 'fds-high', 'latency-high'],
    );
  });
});

describe('package.json: the settings editor completes the rule overrides', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { items: { properties: Record<string, { anyOf?: { enum?: string[] }[] }> } }> };
    };
  };
  const props = pkg.contributes.configuration.properties;
  it('zookeeper.alerts.rules offers every built-in id and every rule field', () => {
    const items = props['zookeeper.alerts.rules']!.items.properties;
    assert.deepEqual(items['id']!.anyOf![0]!.enum, [...BUILTIN_IDS]);
    const fields = new Set(BUILTIN_RULES.flatMap((r) => Object.keys(r)));
    for (const field of fields) assert.ok(field in items, `field ${field} missing from the schema`);
    assert.ok('cluster' in items);
  });
  it('zookeeper.alerts.receivers has no field for a secret', () => {
    const items = props['zookeeper.alerts.receivers']!.items.properties;
    assert.deepEqual(Object.keys(items).sort(), ['cluster', 'kind', 'name', 'template', 'url']);
  });
});
